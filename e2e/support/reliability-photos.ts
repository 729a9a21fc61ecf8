import fs from 'node:fs';
import { cachedFixture, makePhotoJpeg } from './photos';
import type { SentPhoto } from './reliability-check';

/**
 * Photo-like JPEGs that fit a default session as they are (allowed type, under 20 MB, no size limit,
 * no EXIF so no location to remove): the page sends their exact bytes, so "what the page meant to send"
 * is the fixture itself. The page's own record of it (IndexedDB, SHA-256) is checked against it too.
 */
export function photoSet(count: number, prefix: string): SentPhoto[] {
  return Array.from({ length: count }, (_, index) => {
    const seed = 100 + index;
    const file = cachedFixture(`reliability-1200x900-${seed}.jpg`, () => makePhotoJpeg({ width: 1200, height: 900, seed, quality: 90 }));
    return { name: `${prefix}-${index + 1}.jpg`, bytes: fs.readFileSync(file) };
  });
}

/** One photo of about 5 MB (a 6 MP phone photo at high quality). */
export function bigPhoto(): SentPhoto {
  const file = cachedFixture('reliability-2800x2100.jpg', () => makePhotoJpeg({ width: 2800, height: 2100, seed: 7, quality: 97, grain: 40 }));
  return { name: 'big-5mb.jpg', bytes: fs.readFileSync(file) };
}

/** As the file input takes them. */
export const asFiles = (photos: readonly SentPhoto[]) => photos.map((photo) => ({ name: photo.name, mimeType: 'image/jpeg', buffer: photo.bytes }));
