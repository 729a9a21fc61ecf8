import fs from 'node:fs';
import { cachedFixture, makePhotoJpeg, makePhotoPng, type PhotoSpec } from './photos';

/**
 * The photos the browser tests pick, built deterministically (support/photos.ts). The big ones are
 * cached under .tmp/fixtures by global-setup.ts; small ones are made in memory when a test needs them.
 */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A phone's 12 MP photo (4032 × 3024, ~5 MB), held upright (EXIF orientation 6), with a GPS position. */
export const PHOTO_12MP: PhotoSpec & { file: string } = {
  file: 'e2e-12mp-o6-gps.jpg',
  width: 4032,
  height: 3024,
  quality: 92,
  orientation: 6,
  gps: true,
  seed: 12,
};

/** A 48 MP photo at q95 (8000 × 6000, ~25 MB: over the 20 MB default), upright (orientation 6), with GPS. */
export const PHOTO_48MP: PhotoSpec & { file: string } = {
  file: 'e2e-48mp-o6-gps.jpg',
  width: 8000,
  height: 6000,
  quality: 95,
  orientation: 6,
  gps: true,
  seed: 48,
};

/** Path of a cached big fixture (built now if global setup did not run). */
export const bigPhotoPath = ({ file, ...spec }: PhotoSpec & { file: string }): string => cachedFixture(file, () => makePhotoJpeg(spec));

/** A cached big fixture as a payload (Playwright cannot mix paths and buffers in one pick). */
export const bigPhoto = (spec: PhotoSpec & { file: string }): FilePayload => ({
  name: spec.file,
  mimeType: 'image/jpeg',
  buffer: fs.readFileSync(bigPhotoPath(spec)),
});

/** A small JPEG, as a phone gallery would hand it over (`type` may be empty on phones: `mimeType` lets a test say so). */
export function smallJpeg(name: string, options: Partial<PhotoSpec> & { mimeType?: string } = {}): FilePayload {
  const { mimeType = 'image/jpeg', ...spec } = options;
  return { name, mimeType, buffer: makePhotoJpeg({ width: 640, height: 480, quality: 85, ...spec }) };
}

export function smallPng(name: string, width = 800, height = 600): FilePayload {
  return { name, mimeType: 'image/png', buffer: makePhotoPng(width, height) };
}

/** Not a photo at all: a PDF renamed `.jpg`, declared as a JPEG (what a confused file picker can hand over). */
export function pdfNamedJpg(name: string): FilePayload {
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(pdf, 'latin1') };
}

/**
 * The start of an iPhone HEIC (ISO-BMFF `ftyp` box, brand `heic`): the page knows the type from these bytes,
 * and Chromium cannot decode it, so it can never be converted here.
 */
export function heicHeader(name: string): FilePayload {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return { name, mimeType: 'image/heic', buffer: Buffer.concat([ftyp, Buffer.alloc(4096)]) };
}
