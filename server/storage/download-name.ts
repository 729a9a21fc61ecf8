import path from 'node:path';

/** Names a saved file may end with for each stored extension (the storage name's, chosen from the bytes). */
const SAME_TYPE: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  heic: ['heic', 'heif', 'hif'],
};

/** The extension a photo of each accepted type is saved with. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

export const extensionForType = (mimeType: string): string => EXTENSIONS[mimeType] ?? 'bin';

/**
 * The one rule for every name offered for saving (downloads, webhook file parts, folder copies, the desktop
 * view): the uploader's (cleaned) name, with the extension of the type the bytes really have appended when its
 * own says otherwise. A polyglot uploaded as "invoice.html" is saved as "invoice.html.jpg", so opening the saved
 * file shows an image instead of running a page from the disk.
 */
export function savedName(filename: string, extension: string): string {
  const accepted = SAME_TYPE[extension] ?? [extension];
  const own = path.extname(filename).slice(1).toLowerCase();
  return accepted.includes(own) ? filename : `${filename}.${extension}`;
}

/** A stored photo's download name (savedName with the storage name's extension). */
export function downloadName(image: { filename: string; storageName: string }): string {
  return savedName(image.filename, path.extname(image.storageName).slice(1).toLowerCase());
}
