import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateScene, photoOf, rgbaOf } from '../test/quality-photos';
import type { GrayImage } from './quality';

/**
 * The worker's own message handling (native-worker.ts), run in this thread: the browser's decoder and canvas are
 * scripted so the "decoded" photo is a generated one, sharp or blurred, and what the worker answers is checked.
 */
const replies: unknown[] = [];
const decodes: ImageBitmapOptions[] = [];
let decoded: GrayImage | 'undecodable' = 'undecodable';

beforeAll(async () => {
  await import('./native-worker');
});

// Spied before each test: the config restores mocks between tests.
beforeEach(() => {
  vi.spyOn(self, 'postMessage').mockImplementation((message: unknown) => replies.push(message));
});

function scriptBrowser(): void {
  vi.stubGlobal('createImageBitmap', async (_file: Blob, options: ImageBitmapOptions) => {
    decodes.push(options);
    if (decoded === 'undecodable') throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    return { width: decoded.width, height: decoded.height, close: () => {} };
  });
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      constructor(
        public width: number,
        public height: number,
      ) {}
      getContext() {
        const image = decoded;
        return {
          drawImage: () => {},
          getImageData: (_x: number, _y: number, width: number, height: number) => {
            if (image === 'undecodable' || width !== image.width || height !== image.height) throw new Error('unexpected size');
            return { data: rgbaOf(image), width, height };
          },
        };
      }
    },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  replies.length = 0;
  decodes.length = 0;
});

async function ask(data: unknown): Promise<unknown> {
  self.dispatchEvent(new MessageEvent('message', { data }));
  await vi.waitFor(() => expect(replies).toHaveLength(1));
  return replies[0];
}

const file = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
const scene = generateScene('text', 3);

describe('native worker: the quality hint', () => {
  it('answers "blurry" for a blurred photo, decoded straight to 512 px on its long side', async () => {
    scriptBrowser();
    decoded = photoOf(scene, { blurSigma: 3 });
    expect(await ask({ id: 7, measure: { file, shown: { width: 4032, height: 3024 } } })).toEqual({ id: 7, ok: true, quality: 'blurry' });
    expect(decodes).toEqual([expect.objectContaining({ resizeWidth: 512, imageOrientation: 'from-image' })]);
  });

  it('answers no hint (null) for the same photo sharp', async () => {
    scriptBrowser();
    decoded = photoOf(scene);
    expect(await ask({ id: 8, measure: { file } })).toEqual({ id: 8, ok: true, quality: null });
  });

  it('answers "dark" for it underexposed', async () => {
    scriptBrowser();
    decoded = photoOf(scene, { exposure: 0.12 });
    expect(await ask({ id: 9, measure: { file, shown: { width: 3024, height: 4032 } } })).toEqual({ id: 9, ok: true, quality: 'dark' });
    expect(decodes).toEqual([expect.objectContaining({ resizeHeight: 512 })]);
  });

  it('fails that request alone when the photo cannot be decoded', async () => {
    scriptBrowser();
    decoded = 'undecodable';
    expect(await ask({ id: 10, measure: { file } })).toEqual({ id: 10, ok: false, error: expect.stringContaining('could not be decoded') });
  });
});
