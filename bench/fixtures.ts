import fs from 'node:fs';
import { cachedFixture, makePhotoJpeg } from '../e2e/support/photos';
import { MB } from './bench-config';

/**
 * The bench's photos, generated deterministically (photo-like texture, fixed seeds) and cached under
 * .tmp/fixtures: a fresh clone builds them once (about 3 s per 12 MP photo, 15 s for the 48 MP one).
 * Sizes are checked, not assumed: a fixture that is not what the figure claims stops the section.
 */
export interface Fixture {
  path: string;
  bytes: number;
  width: number;
  height: number;
  orientation: number;
}

const PHONE_12MP = { width: 4032, height: 3024 } as const;
const PHONE_48MP = { width: 8064, height: 6048 } as const;

function fixture(name: string, spec: Parameters<typeof makePhotoJpeg>[0]): Fixture {
  const file = cachedFixture(name, () => makePhotoJpeg(spec));
  return { path: file, bytes: fs.statSync(file).size, width: spec.width, height: spec.height, orientation: spec.orientation ?? 1 };
}

function check(photo: Fixture, minBytes: number, maxBytes: number): Fixture {
  if (photo.bytes < minBytes || photo.bytes > maxBytes) {
    throw new Error(`fixture ${photo.path} is ${photo.bytes} bytes, expected ${minBytes}–${maxBytes}`);
  }
  return photo;
}

/** A ~5 MB 12 MP phone photo, portrait as held (EXIF orientation 6), with a GPS position as phones write it. */
export function phonePhoto(seed: number): Fixture {
  const photo = fixture(`bench-12mp-o6-s${seed}.jpg`, { ...PHONE_12MP, quality: 92, orientation: 6, gps: true, seed, grain: 18 });
  return check(photo, 4 * MB, 7 * MB);
}

/** A 48 MP photo over 20 MB (a current flagship's full-resolution mode), EXIF orientation 6. */
export function photo48mp(): Fixture {
  const photo = fixture('bench-48mp-o6.jpg', { ...PHONE_48MP, quality: 95, orientation: 6, seed: 48, grain: 18 });
  return check(photo, 20 * MB + 1, 60 * MB);
}
