/**
 * What the file pickers offer. The page can turn JPEG, PNG and WebP into whichever of them the
 * session allows (src/compress), so those three are always offered; HEIC only when the session
 * takes it, because most browsers cannot convert it. Leaving HEIC out also has a useful side
 * effect: iOS then hands over JPEG copies of HEIC photos. Extensions are listed as well, because
 * phones often give files an empty or wrong type. The bytes decide in the end (src/image-bytes/file-sniff.ts).
 */
const CONVERTIBLE = ['image/jpeg', 'image/png', 'image/webp'] as const;

const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic', '.heif'],
};

/** MIME type → extensions, for every type offered. */
export function acceptedTypes(allowedMimeTypes: readonly string[]): Readonly<Record<string, readonly string[]>> {
  const types = new Set<string>(CONVERTIBLE);
  for (const type of allowedMimeTypes) if (type in EXTENSIONS) types.add(type);
  const accepted: Record<string, readonly string[]> = {};
  for (const type of types) {
    accepted[type] = EXTENSIONS[type] ?? [];
    // Some Android pickers label HEIC photos image/heif.
    if (type === 'image/heic') accepted['image/heif'] = [];
  }
  return accepted;
}

/** The `accept` attribute of an `<input type=file>`. */
export const acceptAttribute = (allowedMimeTypes: readonly string[]): string =>
  Object.entries(acceptedTypes(allowedMimeTypes))
    .flatMap(([type, extensions]) => [type, ...extensions])
    .join(',');
