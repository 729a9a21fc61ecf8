import path from 'node:path';

/** Names a saved file may end with for each stored extension (the storage name's, chosen from the bytes). */
const SAME_TYPE: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  heic: ['heic', 'heif', 'hif'],
};

/**
 * The name a download is saved under: the uploader's (cleaned) name, with the extension of the type the bytes
 * really have appended when its own says otherwise. A polyglot uploaded as "invoice.html" is saved as
 * "invoice.html.jpg", so opening the saved file shows an image instead of running a page from the disk.
 */
export function downloadName(image: { filename: string; storageName: string }): string {
  const stored = path.extname(image.storageName).slice(1).toLowerCase();
  const accepted = SAME_TYPE[stored] ?? [stored];
  const own = path.extname(image.filename).slice(1).toLowerCase();
  return accepted.includes(own) ? image.filename : `${image.filename}.${stored}`;
}
