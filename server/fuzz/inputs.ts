import fc from 'fast-check';
import { buildTiff, text } from '../../src/lib/testing/exif-fixture';
import { makeHeic, makeJpeg, makePng, makeWebp } from '../test/fixtures';
import { HOSTILE_SHAPES } from '../test/hostile-shapes';

/** A JPEG with an EXIF APP1 that has a GPS block: the page's GPS removal has something to do. */
function jpegWithGps(): Buffer {
  const photo = makeJpeg(48, 32);
  const exif = Buffer.from([...text('Exif\0\0'), ...buildTiff(false, true)]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(exif.length + 2);
  return Buffer.concat([photo.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, exif, photo.subarray(2)]);
}

/** Real photos of each format (built by the encoders and builders the tests use), the seeds every mutation starts from. */
export const PHOTO_SEEDS: Readonly<Record<string, Buffer>> = {
  jpeg: makeJpeg(64, 48),
  'jpeg noise': makeJpeg(96, 64, { noise: true }),
  'jpeg with GPS': jpegWithGps(),
  png: makePng(40, 30),
  'png noise': makePng(64, 64, { noise: true }),
  webp: makeWebp(40, 30),
  'webp extended': makeWebp(40, 30, { extended: true }),
  heic: makeHeic(400, 300),
  'heic tiled': makeHeic(4032, 3024, { tiles: 8 }),
  tiff: Buffer.from(buildTiff(true, true)),
};

const LENGTHS = [0, 1, 2, 7, 8, 12, 16, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff];

/** One edit of a seed: the kinds of damage a parser must survive (flips, cuts, lies in length fields, repeated units). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('length' as const), at: fc.nat(), value: fc.constantFrom(...LENGTHS), little: fc.boolean() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), unit: fc.integer({ min: 1, max: 16 }), times: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(bytes: Buffer, edit: Mutation): Buffer {
  if (bytes.length === 0) return bytes;
  const at = edit.at % bytes.length;
  switch (edit.kind) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at] = edit.value;
      return copy;
    }
    case 'cut':
      return bytes.subarray(0, at);
    case 'length': {
      if (at + 4 > bytes.length) return bytes;
      const copy = Buffer.from(bytes);
      if (edit.little) copy.writeUInt32LE(edit.value, at);
      else copy.writeUInt32BE(edit.value, at);
      return copy;
    }
    case 'repeat': {
      const unit = bytes.subarray(at, at + edit.unit);
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(unit.length * edit.times, unit), bytes.subarray(at)]);
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)]);
  }
}

export interface FuzzInputOptions {
  /** Largest hostile shape generated, in bytes (the short run keeps them small; the long run goes to 19 MB). */
  maxShapeBytes: number;
}

/** Inputs: a real photo with up to 4 edits, a hostile shape of issue 11 at some size (maybe edited), or random bytes. */
export function fuzzInput({ maxShapeBytes }: FuzzInputOptions): fc.Arbitrary<{ label: string; bytes: Buffer }> {
  const photo = fc
    .tuple(fc.constantFrom(...Object.keys(PHOTO_SEEDS)), fc.array(mutation, { maxLength: 4 }))
    .map(([seed, edits]) => ({ label: `${seed} +${edits.length} edits`, bytes: edits.reduce(apply, PHOTO_SEEDS[seed] ?? Buffer.alloc(0)) }));
  const shapes = Object.keys(HOSTILE_SHAPES) as (keyof typeof HOSTILE_SHAPES)[];
  const hostile = fc
    .tuple(fc.constantFrom(...shapes), fc.integer({ min: 64, max: maxShapeBytes }), fc.array(mutation, { maxLength: 2 }))
    .map(([shape, size, edits]) => ({ label: `${shape} (${size} B)`, bytes: edits.reduce(apply, HOSTILE_SHAPES[shape](size)) }));
  const random = fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ label: 'random bytes', bytes: Buffer.from(bytes) }));
  return fc.oneof({ arbitrary: photo, weight: 6 }, { arbitrary: hostile, weight: 3 }, { arbitrary: random, weight: 1 });
}
