import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompressPlan } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';
import { encodeNatively } from './native-encode';

/** The WebAssembly decoder, scripted: what it was given, and 640×480 pixels (or a damaged picture). */
const heic = vi.hoisted(() => ({ decoded: [] as Blob[], damaged: false }));
vi.mock('../image-bytes/heic-decode', () => ({
  decodeHeic: async (file: Blob) => {
    heic.decoded.push(file);
    if (heic.damaged) throw new DamagedPicture('libheif read no image in this HEIC');
    return { width: 640, height: 480, data: new Uint8ClampedArray(640 * 480 * 4) };
  },
}));

class FakeImageData {
  constructor(
    public data: Uint8ClampedArray,
    public width: number,
    public height: number,
  ) {}
}

/** A browser without a HEIC decoder (Chromium): createImageBitmap refuses any Blob and takes pixels. */
function browserWithoutHeic() {
  const sources: unknown[] = [];
  const encodes: Array<{ width: number; height: number; type: string | undefined }> = [];
  vi.stubGlobal('ImageData', FakeImageData);
  vi.stubGlobal('createImageBitmap', async (source: unknown, options: ImageBitmapOptions = {}) => {
    sources.push(source);
    if (source instanceof Blob) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    const pixels = source as FakeImageData;
    const width = options.resizeWidth ?? (options.resizeHeight === undefined ? pixels.width : Math.round((pixels.width * options.resizeHeight) / pixels.height));
    const height = options.resizeHeight ?? (options.resizeWidth === undefined ? pixels.height : Math.round((pixels.height * options.resizeWidth) / pixels.width));
    return { width, height, close: () => {} };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      constructor(
        public width: number,
        public height: number,
      ) {}
      getContext() {
        return { fillRect: () => {}, drawImage: () => {}, fillStyle: '', imageSmoothingEnabled: true, imageSmoothingQuality: 'low' };
      }
      async convertToBlob(options: ImageEncodeOptions) {
        encodes.push({ width: this.width, height: this.height, type: options.type });
        return new Blob([new Uint8Array(100)], { type: options.type });
      }
    },
  );
  return { sources, encodes };
}

afterEach(() => {
  vi.unstubAllGlobals();
  heic.decoded = [];
  heic.damaged = false;
});

const shown = { width: 640, height: 480 };
const toJpeg320: CompressPlan = { targetType: 'image/jpeg', maxBytes: 10_000, maxSide: 320, shown };
const heicFile = new File([new Uint8Array([0, 0, 0, 24])], 'IMG_1.HEIC', { type: 'image/heic' });

describe('encodeNatively, a HEIC this browser cannot decode', () => {
  it('decodes it with the WebAssembly decoder, then resizes and encodes the pixels like any photo', async () => {
    const t = browserWithoutHeic();
    const { blob } = await encodeNatively(heicFile, toJpeg320);
    expect(heic.decoded).toEqual([heicFile]);
    // The browser's own decode was tried first (Safari has one); then the decoded pixels, straight to the output size.
    expect(t.sources[0]).toBe(heicFile);
    expect(t.sources.at(-1)).toBeInstanceOf(FakeImageData);
    expect(t.encodes).toEqual([{ width: 320, height: 240, type: 'image/jpeg' }]);
    expect(blob.type).toBe('image/jpeg');
  });

  it('keeps its size when nothing asks it to shrink (a JPEG-only session)', async () => {
    const t = browserWithoutHeic();
    await encodeNatively(heicFile, { targetType: 'image/jpeg', maxBytes: 10_000, shown });
    expect(t.encodes).toEqual([{ width: 640, height: 480, type: 'image/jpeg' }]);
  });

  it('a damaged HEIC fails as DamagedPicture; a picture of another type that cannot be decoded never loads the decoder', async () => {
    browserWithoutHeic();
    heic.damaged = true;
    await expect(encodeNatively(heicFile, toJpeg320)).rejects.toBeInstanceOf(DamagedPicture);
    const png = new File([new Uint8Array([0x89, 0x50])], 'a.png', { type: 'image/png' });
    await expect(encodeNatively(png, toJpeg320)).rejects.toThrow('could not be decoded');
    expect(heic.decoded).toEqual([heicFile]);
  });
});
