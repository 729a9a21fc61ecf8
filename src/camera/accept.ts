/**
 * What the file pickers offer. The page turns JPEG, PNG, WebP and HEIC into whichever of JPEG, PNG and WebP the
 * session allows (src/compress; HEIC with libheif in WebAssembly where the browser cannot decode it), so those
 * are offered whenever the session takes one of them, and HEIC also when the session takes HEIC itself.
 * HEIC must be named: iOS otherwise hands over JPEG copies of HEIC photos (converted by the phone, at its own
 * quality) and Android pickers may grey HEIC files out. Extensions are listed as well, because phones often give
 * files an empty or wrong type. The bytes decide in the end (src/image-bytes/file-sniff.ts).
 */
const CONVERTIBLE = ['image/jpeg', 'image/png', 'image/webp'] as const;

const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  // Some Android pickers label HEIC photos image/heif.
  'image/heic': ['.heic'],
  'image/heif': ['.heif'],
};

const HEIC = ['image/heic', 'image/heif'] as const;

/** Whether the page can send a HEIC to this session: as it is, or converted to a type the session takes. */
const takesHeic = (allowedMimeTypes: readonly string[]): boolean =>
  allowedMimeTypes.some((type) => type === 'image/heic' || CONVERTIBLE.some((output) => output === type));

/** MIME type → extensions, for every type offered. */
export function acceptedTypes(allowedMimeTypes: readonly string[]): Readonly<Record<string, readonly string[]>> {
  const types = new Set<string>(CONVERTIBLE);
  for (const type of allowedMimeTypes) if (type in EXTENSIONS) types.add(type);
  if (takesHeic(allowedMimeTypes)) for (const type of HEIC) types.add(type);
  const accepted: Record<string, readonly string[]> = {};
  for (const type of types) accepted[type] = EXTENSIONS[type] ?? [];
  return accepted;
}

/** The `accept` attribute of an `<input type=file>`. */
export const acceptAttribute = (allowedMimeTypes: readonly string[]): string =>
  Object.entries(acceptedTypes(allowedMimeTypes))
    .flatMap(([type, extensions]) => [type, ...extensions])
    .join(',');
