import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompressPlan } from './compress-plan';
import { encodeNatively } from './native-encode';

/**
 * The worker's decode → draw → encode with the browser's parts scripted: `decoded` says what size of bitmap
 * the browser gives for the options asked; each encode's size comes from `bytesFor`. What is checked is what
 * the code asks the browser for and the canvas sizes it encodes at.
 */
function browser(decoded: (options: ImageBitmapOptions) => { width: number; height: number }, bytesFor = () => 100) {
  const decodes: ImageBitmapOptions[] = [];
  const closed: number[] = [];
  const encodes: Array<{ width: number; height: number; quality: number | undefined }> = [];
  const smoothing: boolean[] = [];
  vi.stubGlobal('createImageBitmap', async (_file: Blob, options: ImageBitmapOptions) => {
    const index = decodes.push(options) - 1;
    return { ...decoded(options), close: () => closed.push(index) };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      constructor(
        public width: number,
        public height: number,
      ) {}
      smoothed: boolean | undefined;
      getContext() {
        const context = {
          fillRect: () => {},
          drawImage: () => {
            this.smoothed = context.imageSmoothingEnabled;
          },
          fillStyle: '',
          imageSmoothingEnabled: true,
          imageSmoothingQuality: 'low',
        };
        return context;
      }
      // Only the encoded canvases count: the quality hint's small copy is never encoded (and has no getImageData here).
      async convertToBlob(options: ImageEncodeOptions) {
        if (this.smoothed !== undefined) smoothing.push(this.smoothed);
        encodes.push({ width: this.width, height: this.height, quality: options.quality });
        return new Blob([new Uint8Array(bytesFor())], { type: options.type });
      }
    },
  );
  return { decodes, closed, encodes, smoothing };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff])]);
const portrait12mp = { width: 3024, height: 4032 };
const shrinkTo2048: CompressPlan = { targetType: 'image/jpeg', maxBytes: 1000, maxSide: 2048, shown: portrait12mp };

describe('encodeNatively', () => {
  it('decodes a photo that must shrink straight to the output size, giving only its longest side', async () => {
    const t = browser(() => ({ width: 1536, height: 2048 }));
    await encodeNatively(photo, shrinkTo2048);
    expect(t.decodes).toEqual([{ resizeHeight: 2048, resizeQuality: 'high', imageOrientation: 'from-image' }]);
    expect(t.encodes).toEqual([{ width: 1536, height: 2048, quality: 0.8 }]);
    expect(t.smoothing).toEqual([false]);
    expect(t.closed).toEqual([0]);
  });

  it('a landscape photo gives its width; a side the browser rounds up by a pixel is evened out in the draw', async () => {
    const t = browser(() => ({ width: 2048, height: 1537 }));
    await encodeNatively(photo, { ...shrinkTo2048, shown: { width: 4032, height: 3024 } });
    expect(t.decodes).toEqual([{ resizeWidth: 2048, resizeQuality: 'high', imageOrientation: 'from-image' }]);
    expect(t.encodes).toEqual([{ width: 2048, height: 1536, quality: 0.8 }]);
    // Copied, not resampled: smoothing would only blur a picture already at its size.
    expect(t.smoothing).toEqual([false]);
  });

  it('a bitmap that is not the size expected (a browser that resizes before orienting) is dropped for a whole decode', async () => {
    // Resized as stored (4032 × 3024) and then turned: 2048 tall gives 2731 wide. The whole decode is upright.
    const t = browser((options) => (options.resizeHeight === undefined ? { width: 3024, height: 4032 } : { width: 2731, height: 2048 }));
    await encodeNatively(photo, shrinkTo2048);
    expect(t.decodes).toEqual([
      { resizeHeight: 2048, resizeQuality: 'high', imageOrientation: 'from-image' },
      { imageOrientation: 'from-image' },
    ]);
    expect(t.closed).toEqual([0, 1]);
    expect(t.encodes).toEqual([{ width: 1536, height: 2048, quality: 0.8 }]);
    expect(t.smoothing).toEqual([true]);
  });

  it('a photo that keeps its size is decoded whole, once', async () => {
    const t = browser(() => portrait12mp);
    await encodeNatively(photo, { targetType: 'image/webp', maxBytes: 1000, shown: portrait12mp });
    expect(t.decodes).toEqual([{ imageOrientation: 'from-image' }]);
    expect(t.encodes).toEqual([{ width: 3024, height: 4032, quality: 0.8 }]);
  });

  it('over the byte target: quality steps down, then the size, all drawn from the one decode', async () => {
    const sizes = [5000, 3000, 2000, 1500, 900];
    const t = browser(() => ({ width: 1536, height: 2048 }), () => sizes.shift() ?? 900);
    const { blob } = await encodeNatively(photo, shrinkTo2048);
    expect(blob.size).toBe(900);
    expect(t.decodes).toHaveLength(1);
    expect(t.encodes.map((encode) => encode.quality)).toEqual([0.8, 0.7, 0.6, 0.6, 0.6]);
    const [, , third, fourth, fifth] = t.encodes;
    expect(third).toMatchObject({ width: 1536, height: 2048 });
    expect(fourth?.height).toBeLessThan(2048);
    expect(fifth?.height).toBeLessThan(fourth?.height ?? 0);
    expect((fifth?.width ?? 0) / (fifth?.height ?? 1)).toBeCloseTo(0.75, 2);
    expect(t.smoothing).toEqual([false, false, false, true, true]);
  });
});
