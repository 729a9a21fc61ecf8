import fc from 'fast-check';
import { buildTiff, text } from '../../src/test/exif-fixture';
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

/**
 * How to build one input, not the input itself: a counterexample of a 19 MB input then prints as a few numbers.
 * A real photo with up to 4 edits, a hostile shape of issue 11 at some size (maybe edited), or random bytes.
 */
export type FuzzRecipe =
  | { kind: 'photo'; seed: string; edits: Mutation[] }
  | { kind: 'hostile'; shape: keyof typeof HOSTILE_SHAPES; size: number; edits: Mutation[] }
  | { kind: 'random'; bytes: Uint8Array };

export function fuzzRecipe({ maxShapeBytes }: FuzzInputOptions): fc.Arbitrary<FuzzRecipe> {
  const photo = fc.record({ kind: fc.constant('photo' as const), seed: fc.constantFrom(...Object.keys(PHOTO_SEEDS)), edits: fc.array(mutation, { maxLength: 4 }) });
  const shapes = Object.keys(HOSTILE_SHAPES) as (keyof typeof HOSTILE_SHAPES)[];
  const hostile = fc.record({
    kind: fc.constant('hostile' as const),
    shape: fc.constantFrom(...shapes),
    size: fc.integer({ min: 64, max: maxShapeBytes }),
    edits: fc.array(mutation, { maxLength: 2 }),
  });
  const random = fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 4096 }) });
  return fc.oneof({ arbitrary: photo, weight: 6 }, { arbitrary: hostile, weight: 3 }, { arbitrary: random, weight: 1 });
}

export function buildInput(recipe: FuzzRecipe): { label: string; bytes: Buffer } {
  switch (recipe.kind) {
    case 'photo':
      return { label: `${recipe.seed} +${recipe.edits.length} edits`, bytes: recipe.edits.reduce(apply, PHOTO_SEEDS[recipe.seed] ?? Buffer.alloc(0)) };
    case 'hostile':
      return { label: `${recipe.shape} (${recipe.size} B)`, bytes: recipe.edits.reduce(apply, HOSTILE_SHAPES[recipe.shape](recipe.size)) };
    case 'random':
      return { label: 'random bytes', bytes: Buffer.from(recipe.bytes) };
  }
}
