import { describe, expect, it } from 'vitest';
import { COMPRESSION } from './compress-limits';
import { OUTPUT_TYPES, type OutputType } from './compress-plan';
import { canvasCapSide, decide, type ImageFacts } from './decide';
import type { FitLimits } from './fit-types';

const MB = 1024 * 1024;
const ALL = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

const limits = (overrides: Partial<FitLimits> = {}): FitLimits => ({
  allowedMimeTypes: ALL,
  maxImageSizeBytes: 20 * MB,
  maxImageDimension: null,
  stripGps: true,
  ...overrides,
});

const photo12mp = { width: 4032, height: 3024 };
const facts = (type: ImageFacts['type'], size: number, dimensions = photo12mp): ImageFacts => ({ type, size, dimensions });
/** A picture this browser could not decode: no dimensions known. */
const undecodable = (type: ImageFacts['type'], size: number): ImageFacts => ({ type, size });
const target = 20 * MB * COMPRESSION.targetSizeRatio;

describe('decide: files that already fit are left alone', () => {
  it('a JPEG that fits only loses its location data', () => {
    expect(decide(facts('image/jpeg', 4 * MB), limits())).toEqual({ action: 'strip-gps' });
  });

  it('a JPEG that fits goes as it is when the session keeps location', () => {
    expect(decide(facts('image/jpeg', 4 * MB), limits({ stripGps: false }))).toEqual({ action: 'send-as-is' });
  });

  it.each(['image/webp', 'image/heic'] as const)('an allowed %s that fits only loses its location data', (type) => {
    expect(decide(facts(type, 3 * MB), limits())).toEqual({ action: 'strip-gps' });
  });

  it('an allowed PNG that fits goes as it is', () => {
    expect(decide(facts('image/png', 3 * MB), limits())).toEqual({ action: 'send-as-is' });
  });

  it('a file exactly at the size limit and exactly at the dimension limit fits', () => {
    expect(decide(facts('image/png', 20 * MB, { width: 2048, height: 1536 }), limits({ maxImageDimension: 2048 }))).toEqual({ action: 'send-as-is' });
  });

  it('an allowed HEIC that fits goes up untouched (but for GPS) even where the browser cannot decode it (Chromium)', () => {
    expect(decide(undecodable('image/heic', 2 * MB), limits())).toEqual({ action: 'strip-gps' });
    expect(decide(undecodable('image/heic', 2 * MB), limits({ stripGps: false }))).toEqual({ action: 'send-as-is' });
  });
});

describe('decide: resizing and recompressing', () => {
  it('a JPEG over the size limit is recompressed as JPEG, aiming under the limit, without resizing a 12 MP photo', () => {
    expect(decide(facts('image/jpeg', 25 * MB), limits())).toEqual({
      action: 'compress',
      plan: { targetType: 'image/jpeg', maxBytes: Math.floor(target), shown: photo12mp },
      reasons: ['size'],
    });
  });

  it('a photo longer than the session dimension is shrunk to it (landscape or portrait alike)', () => {
    const landscape = decide(facts('image/jpeg', 3 * MB, { width: 4032, height: 3024 }), limits({ maxImageDimension: 2048 }));
    const portrait = decide(facts('image/jpeg', 3 * MB, { width: 3024, height: 4032 }), limits({ maxImageDimension: 2048 }));
    const plan = { targetType: 'image/jpeg', maxBytes: Math.floor(target), maxSide: 2048 };
    expect(landscape).toEqual({ action: 'compress', plan: { ...plan, shown: { width: 4032, height: 3024 } }, reasons: ['dimension'] });
    expect(portrait).toEqual({ action: 'compress', plan: { ...plan, shown: { width: 3024, height: 4032 } }, reasons: ['dimension'] });
  });

  it('a 48 MP photo that must be re-encoded is capped under the 16.7 MP canvas limit', () => {
    const decision = decide(facts('image/jpeg', 30 * MB, { width: 8064, height: 6048 }), limits());
    if (decision.action !== 'compress') throw new Error(decision.action);
    const side = decision.plan.maxSide ?? Number.NaN;
    expect(side).toBe(canvasCapSide({ width: 8064, height: 6048 }));
    expect(side * Math.round((side * 6048) / 8064)).toBeLessThanOrEqual(COMPRESSION.maxCanvasPixels);
  });

  it('the smaller of the dimension limit and the canvas cap wins', () => {
    const decision = decide(facts('image/jpeg', 30 * MB, { width: 8064, height: 6048 }), limits({ maxImageDimension: 1600 }));
    expect(decision).toMatchObject({ action: 'compress', plan: { maxSide: 1600 }, reasons: ['size', 'dimension'] });
  });

  it('a 48 MP photo that fits is sent as it is: no canvas is involved', () => {
    expect(decide(facts('image/jpeg', 15 * MB, { width: 8064, height: 6048 }), limits())).toEqual({ action: 'strip-gps' });
  });

  it('a PNG too heavy to fit becomes a JPEG when JPEG is allowed', () => {
    expect(decide(facts('image/png', 28 * MB), limits())).toMatchObject({ action: 'compress', plan: { targetType: 'image/jpeg' }, reasons: ['size'] });
  });

  it('a PNG too heavy stays PNG when PNG is the only type allowed', () => {
    expect(decide(facts('image/png', 28 * MB), limits({ allowedMimeTypes: ['image/png'] }))).toMatchObject({ plan: { targetType: 'image/png' } });
  });

  it('a PNG that is only too long keeps its type (transparency and all)', () => {
    expect(decide(facts('image/png', 2 * MB), limits({ maxImageDimension: 1024 }))).toMatchObject({
      plan: { targetType: 'image/png', maxSide: 1024 },
      reasons: ['dimension'],
    });
  });
});

describe('decide: converting to an allowed type (JPEG first, then WebP, then PNG)', () => {
  it('a PNG becomes a JPEG when only JPEG is allowed', () => {
    expect(decide(facts('image/png', 2 * MB), limits({ allowedMimeTypes: ['image/jpeg'] }))).toEqual({
      action: 'compress',
      plan: { targetType: 'image/jpeg', maxBytes: Math.floor(target), shown: photo12mp },
      reasons: ['type'],
    });
  });

  it('a HEIC becomes a JPEG where the browser decodes HEIC (Safari) and HEIC is not allowed', () => {
    expect(decide(facts('image/heic', 2 * MB), limits({ allowedMimeTypes: ['image/jpeg', 'image/png'] }))).toMatchObject({
      plan: { targetType: 'image/jpeg' },
      reasons: ['type'],
    });
  });

  it('an allowed HEIC over the size limit is converted, since no canvas writes HEIC', () => {
    expect(decide(facts('image/heic', 22 * MB), limits())).toMatchObject({ plan: { targetType: 'image/jpeg' }, reasons: ['size'] });
  });

  it.each([
    [['image/webp', 'image/png'], 'image/webp'],
    [['image/png'], 'image/png'],
    [['image/heic', 'image/png', 'image/webp'], 'image/webp'],
  ])('a GIF goes to the first writable allowed type of %j: %s', (allowed, type) => {
    expect(decide(facts('image/gif', 1 * MB), limits({ allowedMimeTypes: allowed }))).toMatchObject({ plan: { targetType: type }, reasons: ['type'] });
  });

  it('AVIF, BMP and TIFF are converted like GIF', () => {
    for (const type of ['image/avif', 'image/bmp', 'image/tiff'] as const) {
      expect(decide(facts(type, 1 * MB), limits())).toMatchObject({ plan: { targetType: 'image/jpeg' }, reasons: ['type'] });
    }
  });
});

describe('decide: what cannot be done', () => {
  it('a HEIC that must be converted on a browser that cannot decode HEIC gets its own message', () => {
    expect(decide(undecodable('image/heic', 2 * MB), limits({ allowedMimeTypes: ['image/jpeg'] }))).toEqual({
      action: 'reject',
      message: { key: 'file.heicCannotConvert' },
    });
    expect(decide(undecodable('image/heic', 25 * MB), limits())).toEqual({ action: 'reject', message: { key: 'file.heicCannotConvert' } });
  });

  it('a picture no decoder can read is undecodable, even if its type is allowed', () => {
    expect(decide(undecodable('image/jpeg', 1 * MB), limits())).toEqual({ action: 'reject', message: { key: 'file.undecodable' } });
    expect(decide(undecodable('image/gif', 1 * MB), limits())).toEqual({ action: 'reject', message: { key: 'file.undecodable' } });
  });

  it('an image of a refused type when only HEIC is allowed cannot be converted here', () => {
    expect(decide(facts('image/png', 1 * MB), limits({ allowedMimeTypes: ['image/heic'] }))).toEqual({
      action: 'reject',
      message: { key: 'file.typeNotAllowed', params: { type: 'image/png' } },
    });
  });
});

describe('decide: only types this browser really writes (WebKit asked for WebP writes PNG)', () => {
  const noWebp: ReadonlySet<OutputType> = new Set<OutputType>(['image/jpeg', 'image/png']);

  it('a JPEG into a WebP-only session, on a browser that writes WebP, becomes WebP', () => {
    expect(decide(facts('image/jpeg', 2 * MB), limits({ allowedMimeTypes: ['image/webp'] }), new Set(OUTPUT_TYPES))).toMatchObject({
      action: 'compress',
      plan: { targetType: 'image/webp' },
    });
  });

  it('a JPEG into a WebP-only session, on a browser that cannot write WebP, says the browser cannot make WebP', () => {
    expect(decide(facts('image/jpeg', 2 * MB), limits({ allowedMimeTypes: ['image/webp'] }), noWebp)).toEqual({
      action: 'reject',
      message: { key: 'file.cannotMakeType', params: { type: 'WebP' } },
    });
  });

  it('a WebP too large for a WebP-only session cannot be re-encoded without a WebP encoder either', () => {
    expect(decide(facts('image/webp', 25 * MB), limits({ allowedMimeTypes: ['image/webp'] }), noWebp)).toEqual({
      action: 'reject',
      message: { key: 'file.cannotMakeType', params: { type: 'WebP' } },
    });
  });

  it('a WebP that fits a WebP-only session still goes as it is: nothing to write', () => {
    expect(decide(facts('image/webp', 2 * MB), limits({ allowedMimeTypes: ['image/webp'] }), noWebp)).toEqual({ action: 'strip-gps' });
  });

  it.each([
    [['image/webp', 'image/png'], 'image/gif', 'image/png'],
    [['image/webp', 'image/png'], 'image/jpeg', 'image/png'],
    [['image/heic', 'image/webp', 'image/jpeg'], 'image/png', 'image/jpeg'],
  ] as const)('of %j, a %s goes to the first one this browser writes: %s', (allowed, type, output) => {
    expect(decide(facts(type, 1 * MB), limits({ allowedMimeTypes: allowed }), noWebp)).toMatchObject({ plan: { targetType: output } });
  });

  it('an allowed WebP over the size limit goes to another allowed type the browser writes rather than failing', () => {
    expect(decide(facts('image/webp', 25 * MB), limits({ allowedMimeTypes: ['image/webp', 'image/jpeg'] }), noWebp)).toMatchObject({
      plan: { targetType: 'image/jpeg' },
      reasons: ['size'],
    });
  });
});

describe('canvasCapSide', () => {
  it('keeps pictures under the cap as they are', () => {
    expect(canvasCapSide({ width: 4096, height: 4096 })).toBe(4096);
    expect(canvasCapSide({ width: 4032, height: 3024 })).toBe(4032);
  });

  it('shrinks the longest side so that the area fits, for any aspect ratio', () => {
    for (const [width, height] of [
      [8064, 6048],
      [6048, 8064],
      [12000, 3000],
      [5000, 5000],
    ] as const) {
      const side = canvasCapSide({ width, height });
      const scale = side / Math.max(width, height);
      expect(Math.floor(width * scale) * Math.floor(height * scale)).toBeLessThanOrEqual(COMPRESSION.maxCanvasPixels);
      expect(side).toBeGreaterThan(Math.max(width, height) * Math.sqrt(COMPRESSION.maxCanvasPixels / (width * height)) - 1);
    }
  });
});
