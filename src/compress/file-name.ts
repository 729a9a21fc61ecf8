const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The name of a converted file: same base, the new type's extension ("IMG_0001.HEIC" → "IMG_0001.jpg"). */
export function nameForType(original: string, type: string): string {
  const extension = EXTENSIONS[type];
  const base = original.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || 'photo';
  return extension === undefined ? base : `${base}.${extension}`;
}
