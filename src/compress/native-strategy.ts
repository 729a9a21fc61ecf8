import * as v from 'valibot';
import type { CompressionStrategy } from './compress-plan';
import { nativeResponseSchema, type NativeRequest } from './native-messages';

/** Worker + createImageBitmap + OffscreenCanvas.convertToBlob: Chromium, Firefox, Safari 16.4+. */
export function nativeSupported(): boolean {
  return (
    typeof Worker === 'function' &&
    typeof createImageBitmap === 'function' &&
    typeof OffscreenCanvas === 'function' &&
    typeof OffscreenCanvas.prototype.convertToBlob === 'function'
  );
}

/**
 * Compression with the browser's own codecs in a worker (native-encode.ts): the main thread only passes the
 * file and gets a Blob back. A new worker per picture, ended after it, so its memory goes with it.
 */
export const nativeStrategy: CompressionStrategy = {
  name: 'native',
  compress(file, plan) {
    return new Promise<Blob>((resolve, reject) => {
      const worker = new Worker(new URL('./native-worker.ts', import.meta.url), { type: 'module' });
      const finish = (settle: () => void) => {
        worker.terminate();
        settle();
      };
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        const response = v.safeParse(nativeResponseSchema, event.data);
        if (!response.success) finish(() => reject(new Error('Malformed answer from the compression worker')));
        else if (response.output.ok) {
          const blob = response.output.blob;
          finish(() => resolve(blob));
        } else {
          const message = response.output.error;
          finish(() => reject(new Error(message)));
        }
      });
      worker.addEventListener('error', () => finish(() => reject(new Error('The compression worker failed'))));
      const request: NativeRequest = { file, plan };
      worker.postMessage(request);
    });
  },
};
