/** Extensions of the types the server accepts, for a photo whose answer came without a name. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

/**
 * The name a downloaded photo is saved under: the server's, from its `Content-Disposition` (the cleaned upload
 * name with the real type's extension, so a JPEG+HTML polyglot uploaded as "invoice.html" saves as
 * "invoice.html.jpg"), never the uploader's own. `filename*` (UTF-8) wins over the ASCII `filename`; without
 * either, "photo" and the extension of the type the server sent.
 */
export function savedName(disposition: string | null, type: string): string {
  const fallback = `photo.${EXTENSIONS[type] ?? 'bin'}`;
  if (disposition === null) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended) || fallback;
    } catch {
      // A malformed escape: fall through to the ASCII name.
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] || fallback;
}
