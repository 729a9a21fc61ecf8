import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeDimensions } from './probe';

/**
 * libheif itself is tested in heic-decode.test.ts (Node, the real wasm) and e2e/heic-conversion.spec.ts (its worker
 * in Chromium); here, a worker that answers as heic-size-worker.ts does, and says what it was given.
 */
const heicSizeWorker = (answer: unknown) => {
  const given: Blob[] = [];
  const terminated = vi.fn();
  class FakeWorker extends EventTarget {
    postMessage(file: Blob) {
      given.push(file);
      queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: answer })));
    }
    terminate = terminated;
  }
  vi.stubGlobal('Worker', FakeWorker);
  return { given, terminated };
};

const text = (value: string) => [...value].map((c) => c.charCodeAt(0));
/** A PNG signature and IHDR chunk for 1170 × 2532. */
const PNG_HEADER = [0x89, ...text('PNG'), 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...text('IHDR'), 0, 0, 0x04, 0x92, 0, 0, 0x09, 0xe4, 8, 2, 0, 0, 0];
const GIF_HEADER = [...text('GIF89a'), 0x40, 0x01, 0xf0, 0x00, 0, 0, 0];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('probeDimensions', () => {
  it('takes the size from the header without decoding the picture', async () => {
    const decode = vi.fn(() => Promise.reject(new Error('must not decode')));
    vi.stubGlobal('createImageBitmap', decode);
    expect(await probeDimensions(new Blob([new Uint8Array(PNG_HEADER)]))).toEqual({ width: 1170, height: 2532 });
    expect(decode).not.toHaveBeenCalled();
  });

  it('decodes when the header says nothing it reads (a GIF here), and lets the bitmap go', async () => {
    const close = vi.fn();
    vi.stubGlobal('createImageBitmap', vi.fn(async () => ({ width: 320, height: 240, close })));
    expect(await probeDimensions(new Blob([new Uint8Array(GIF_HEADER)]))).toEqual({ width: 320, height: 240 });
    expect(close).toHaveBeenCalledOnce();
  });

  it('a HEIC whose header gives no size, on a browser that cannot decode HEIC: the size libheif decodes', async () => {
    vi.stubGlobal('createImageBitmap', vi.fn(() => Promise.reject(new Error('The source image could not be decoded.'))));
    // ftyp heic, then a meta box with no ispe in it.
    const heicWithoutSize = new Blob([new Uint8Array([0, 0, 0, 24, ...text('ftypheic'), 0, 0, 0, 0, ...text('mif1heic'), 0, 0, 0, 12, ...text('meta'), 0, 0, 0, 0])]);
    const worker = heicSizeWorker({ width: 640, height: 480 });
    expect(await probeDimensions(heicWithoutSize)).toEqual({ width: 640, height: 480 });
    expect(worker.given).toEqual([heicWithoutSize]);
    expect(worker.terminated).toHaveBeenCalledOnce();
  });

  it('no size from the header nor from a decode: undefined, for the caller to refuse; libheif is not asked about a JPEG', async () => {
    vi.stubGlobal('createImageBitmap', vi.fn(() => Promise.reject(new Error('The source image could not be decoded.'))));
    const worker = heicSizeWorker({ width: 640, height: 480 });
    expect(await probeDimensions(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2])]))).toBeUndefined();
    expect(worker.given).toEqual([]);
  });

  it('a HEIC libheif cannot read either (the worker answers null): undefined, and the worker is ended', async () => {
    vi.stubGlobal('createImageBitmap', vi.fn(() => Promise.reject(new Error('The source image could not be decoded.'))));
    const worker = heicSizeWorker(null);
    const heicWithoutSize = new Uint8Array([0, 0, 0, 24, ...text('ftypheic'), 0, 0, 0, 0, ...text('mif1heic')]);
    expect(await probeDimensions(new Blob([heicWithoutSize]))).toBeUndefined();
    expect(worker.terminated).toHaveBeenCalledOnce();
  });
});
