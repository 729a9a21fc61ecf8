import { describe, expect, it, vi } from 'vitest';
import type { GpsRemoval } from '../image-bytes/gps-removal';
import { sniffFile } from '../image-bytes/file-sniff';
import { type CompressPlan, type CompressionStrategy, OUTPUT_TYPES, type OutputType } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';
import { CompressionTimeout } from './deadline-strategy';
import type { FitLimits } from './fit-types';
import { createMeasurePhotoQuality, createPrepareForUpload, type PrepareDependencies } from './prepare-for-upload';

const MB = 1024 * 1024;
const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xdb];
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEIC_HEAD = [0, 0, 0, 24, ...'ftypheic'].map((b) => (typeof b === 'string' ? b.charCodeAt(0) : b)).concat([0, 0, 0, 0], [...'mif1heic'].map((c) => c.charCodeAt(0)));

/** A file of `size` bytes starting with `head`, declared as `declaredType`. */
const fileOf = (head: number[], size: number, name: string, declaredType = '') => {
  const bytes = new Uint8Array(size);
  bytes.set(head);
  return new File([bytes], name, { type: declaredType });
};

const limits = (overrides: Partial<FitLimits> = {}): FitLimits => ({
  allowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
  maxImageSizeBytes: 20 * MB,
  maxImageDimension: null,
  stripGps: true,
  ...overrides,
});

function setup(overrides: Partial<PrepareDependencies> = {}, output?: Blob) {
  const calls: Array<{ file: File; plan: CompressPlan }> = [];
  const strategy: CompressionStrategy = {
    name: 'scripted',
    async compress(file, plan) {
      calls.push({ file, plan });
      return output ?? new Blob([new Uint8Array([...JPEG_HEAD, 1, 2, 3])]);
    },
  };
  const onCompressing = vi.fn<() => void>();
  const prepare = createPrepareForUpload({
    sniff: sniffFile,
    probe: async () => ({ width: 4032, height: 3024 }),
    removeGps: async () => ({ kind: 'no-gps' }),
    strategy,
    writableTypes: async () => new Set(OUTPUT_TYPES),
    ...overrides,
  });
  return { prepare, calls, onCompressing };
}

describe('prepareForUpload: checks before anything is sent', () => {
  it.each([
    ['an empty file', fileOf([], 0, 'a.jpg', 'image/jpeg'), 'file.empty'],
    ['a PDF named .jpg', fileOf([...'%PDF-1.7'].map((c) => c.charCodeAt(0)), 100, 'scan.jpg', 'image/jpeg'), 'file.notAnImage'],
  ])('%s is refused with its own message', async (_label, file, key) => {
    const t = setup();
    expect(await t.prepare(file, limits(), t.onCompressing)).toEqual({ ok: false, message: { key } });
    expect(t.calls).toHaveLength(0);
  });

  it('a file the browser cannot read any more says so', async () => {
    const t = setup({ sniff: async () => ({ kind: 'unreadable' }) });
    expect(await t.prepare(fileOf(JPEG_HEAD, 10, 'a.jpg'), limits(), t.onCompressing)).toEqual({ ok: false, message: { key: 'file.unreadable' } });
  });

  it('a picture the browser cannot decode is refused as undecodable', async () => {
    const t = setup({ probe: async () => undefined });
    expect(await t.prepare(fileOf(JPEG_HEAD, 1000, 'cut.jpg'), limits(), t.onCompressing)).toEqual({ ok: false, message: { key: 'file.undecodable' } });
  });
});

describe('prepareForUpload: files that fit', () => {
  it('a JPEG with location goes up without it, under its own name', async () => {
    const stripped = new Blob([new Uint8Array(JPEG_HEAD)], { type: 'image/jpeg' });
    const t = setup({ removeGps: async () => ({ kind: 'stripped', blob: stripped }) });
    const result = await t.prepare(fileOf(JPEG_HEAD, 5000, 'IMG_1.jpg', 'image/jpeg'), limits(), t.onCompressing);
    expect(result).toEqual({ ok: true, blob: stripped, type: 'image/jpeg', name: 'IMG_1.jpg' });
    expect(t.onCompressing).not.toHaveBeenCalled();
  });

  it('a JPEG without location goes up as the very same file', async () => {
    const t = setup();
    const file = fileOf(JPEG_HEAD, 5000, 'IMG_2.jpg', '');
    expect(await t.prepare(file, limits(), t.onCompressing)).toEqual({ ok: true, blob: file, type: 'image/jpeg', name: 'IMG_2.jpg' });
  });

  it('a JPEG whose metadata cannot be walked is re-encoded rather than sent with its location', async () => {
    const t = setup({ removeGps: async (): Promise<GpsRemoval> => ({ kind: 'unparseable' }) });
    const result = await t.prepare(fileOf(JPEG_HEAD, 5000, 'odd.jpg'), limits(), t.onCompressing);
    expect(result).toMatchObject({ ok: true, type: 'image/jpeg', name: 'odd.jpg' });
    expect(t.calls[0]?.plan).toEqual({ targetType: 'image/jpeg', maxBytes: Math.floor(20 * MB * 0.95), shown: { width: 4032, height: 3024 } });
    expect(t.onCompressing).toHaveBeenCalledOnce();
  });

  it('an allowed HEIC goes up untouched where the browser cannot decode it (minus its location, if any)', async () => {
    const removed: string[] = [];
    const t = setup({
      probe: async () => undefined,
      removeGps: async (_file, type) => {
        removed.push(type);
        return { kind: 'no-gps' };
      },
    });
    const file = fileOf(HEIC_HEAD, 3000, 'IMG_3.HEIC', '');
    expect(await t.prepare(file, limits(), t.onCompressing)).toEqual({ ok: true, blob: file, type: 'image/heic', name: 'IMG_3.HEIC' });
    expect(removed).toEqual(['image/heic']);
    expect(t.calls).toHaveLength(0);
  });

  it('a PNG that fits goes as the very same file (no location to remove)', async () => {
    const t = setup({ removeGps: () => Promise.reject(new Error('must not be called')) });
    const file = fileOf(PNG_HEAD, 3000, 'shot.png', 'image/png');
    expect(await t.prepare(file, limits(), t.onCompressing)).toEqual({ ok: true, blob: file, type: 'image/png', name: 'shot.png' });
  });
});

describe('prepareForUpload: compression and conversion', () => {
  it('a PNG becomes a JPEG when only JPEG is allowed: real type given to the strategy, renamed .jpg', async () => {
    const t = setup();
    const result = await t.prepare(fileOf(PNG_HEAD, 4000, 'Screenshot 1.png', ''), limits({ allowedMimeTypes: ['image/jpeg'] }), t.onCompressing);
    expect(t.onCompressing).toHaveBeenCalledOnce();
    expect(t.calls[0]?.file.type).toBe('image/png');
    expect(t.calls[0]?.plan.targetType).toBe('image/jpeg');
    expect(result).toMatchObject({ ok: true, type: 'image/jpeg', name: 'Screenshot 1.jpg' });
  });

  it('a HEIC the strategy cannot decode gets the HEIC message, never a silent failure', async () => {
    const t = setup({
      strategy: {
        name: 'failing',
        compress: () => Promise.reject(new Error('no HEIC decoder')),
      },
    });
    const result = await t.prepare(fileOf(HEIC_HEAD, 3000, 'IMG_4.HEIC'), limits({ allowedMimeTypes: ['image/jpeg'] }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.heicCannotConvert' } });
  });

  it('a HEIC the WebAssembly decoder found damaged says "damaged", not that this browser cannot convert HEIC', async () => {
    const t = setup({ strategy: { name: 'heic', compress: () => Promise.reject(new DamagedPicture('libheif read no image in this HEIC')) } });
    const result = await t.prepare(fileOf(HEIC_HEAD, 3000, 'IMG_5.HEIC'), limits({ allowedMimeTypes: ['image/jpeg'] }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.undecodable' } });
  });

  it('a photo whose compression ran out of time says so, not "damaged"', async () => {
    const t = setup({ strategy: { name: 'stuck', compress: () => Promise.reject(new CompressionTimeout('stuck', 90_000)) } });
    const result = await t.prepare(fileOf(PNG_HEAD, 3 * MB, 'big.png'), limits({ maxImageSizeBytes: 1 * MB }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.compressTimedOut' } });
  });

  it('a result still over the limit is refused with the limit in MB', async () => {
    const t = setup({}, fileOf(JPEG_HEAD, 2 * MB, 'out.jpg'));
    const result = await t.prepare(fileOf(JPEG_HEAD, 3 * MB, 'huge.jpg'), limits({ maxImageSizeBytes: 1.5 * MB }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.tooLargeAfterCompression', params: { maxMb: 1.5 } } });
  });

  it('a PNG labelled WebP (a browser that wrote PNG when asked for WebP) is never sent: the browser cannot make WebP', async () => {
    const t = setup({}, new Blob([new Uint8Array(PNG_HEAD)], { type: 'image/webp' }));
    const result = await t.prepare(fileOf(JPEG_HEAD, 4000, 'a.jpg'), limits({ allowedMimeTypes: ['image/webp'] }), t.onCompressing);
    expect(t.calls[0]?.plan.targetType).toBe('image/webp');
    expect(result).toEqual({ ok: false, message: { key: 'file.cannotMakeType', params: { type: 'WebP' } } });
  });

  it('a PNG labelled WebP goes as the PNG it is when the session takes PNG too, never as WebP', async () => {
    const t = setup({}, new Blob([new Uint8Array(PNG_HEAD)], { type: 'image/webp' }));
    const result = await t.prepare(fileOf(JPEG_HEAD, 4000, 'a.jpg'), limits({ allowedMimeTypes: ['image/webp', 'image/png'] }), t.onCompressing);
    expect(result).toMatchObject({ ok: true, type: 'image/png', name: 'a.png' });
    expect(result.ok && result.blob.type).not.toBe('image/webp');
  });
});

describe('prepareForUpload: the types this browser can write', () => {
  const noWebp = async () => new Set<OutputType>(['image/jpeg', 'image/png']);

  it('a JPEG into a WebP-only session, on a browser without a WebP encoder, says so and encodes nothing', async () => {
    const t = setup({ writableTypes: noWebp });
    const result = await t.prepare(fileOf(JPEG_HEAD, 4000, 'IMG_5.jpg'), limits({ allowedMimeTypes: ['image/webp'] }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.cannotMakeType', params: { type: 'WebP' } } });
    expect(t.calls).toHaveLength(0);
    expect(t.onCompressing).not.toHaveBeenCalled();
  });

  it('where the session takes WebP or PNG, a browser without a WebP encoder is asked for PNG', async () => {
    const t = setup({ writableTypes: noWebp }, new Blob([new Uint8Array(PNG_HEAD)], { type: 'image/png' }));
    const result = await t.prepare(fileOf(JPEG_HEAD, 4000, 'IMG_6.jpg'), limits({ allowedMimeTypes: ['image/webp', 'image/png'] }), t.onCompressing);
    expect(t.calls[0]?.plan.targetType).toBe('image/png');
    expect(result).toMatchObject({ ok: true, type: 'image/png', name: 'IMG_6.png' });
  });

  it('a WebP whose metadata cannot be walked is not re-encoded where WebP cannot be written', async () => {
    const webpHead = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)));
    const t = setup({ writableTypes: noWebp, removeGps: async (): Promise<GpsRemoval> => ({ kind: 'unparseable' }) });
    const result = await t.prepare(fileOf(webpHead, 4000, 'odd.webp'), limits({ allowedMimeTypes: ['image/webp'] }), t.onCompressing);
    expect(result).toEqual({ ok: false, message: { key: 'file.cannotMakeType', params: { type: 'WebP' } } });
    expect(t.calls).toHaveLength(0);
  });
});

describe('measurePhotoQuality', () => {
  const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'a.jpg', { type: 'image/jpeg' });
  const shown = { width: 4032, height: 3024 };

  it('measures in the worker where there is one, with the size from the header', async () => {
    const inWorker = vi.fn(async () => 'blurry' as const);
    const onPage = vi.fn(async () => undefined);
    const measure = createMeasurePhotoQuality({ probe: async () => shown, inWorker, onPage });
    expect(await measure(file)).toBe('blurry');
    expect(inWorker).toHaveBeenCalledWith({ file, shown });
    expect(onPage).not.toHaveBeenCalled();
  });

  it('measures on the page with the same code where there is no worker', async () => {
    const onPage = vi.fn(async () => 'dark' as const);
    const measure = createMeasurePhotoQuality({ probe: async () => undefined, onPage });
    expect(await measure(file)).toBe('dark');
    expect(onPage).toHaveBeenCalledWith(file, undefined);
  });

  it('gives no hint, and no error, when the photo cannot be measured', async () => {
    const measure = createMeasurePhotoQuality({
      probe: async () => Promise.reject(new Error('no header')),
      inWorker: async () => Promise.reject(new Error('undecodable')),
      onPage: async () => 'dark',
    });
    expect(await measure(file)).toBeUndefined();
  });
});
