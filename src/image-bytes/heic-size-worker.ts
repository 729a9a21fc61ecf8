import { decodeHeic } from './heic-decode';

/**
 * The size of a HEIC whose header does not give it (probe.ts), from its decoded picture (libheif in WebAssembly,
 * heic-decode.ts), off the page's thread: a HEIC in, `{ width, height }` out, `null` when it cannot be decoded.
 * The pixels are dropped here; the photo's conversion decodes it again in the preparation worker.
 */
self.addEventListener('message', (event: MessageEvent<Blob>) => {
  decodeHeic(event.data).then(
    ({ width, height }) => self.postMessage({ width, height }),
    () => self.postMessage(null),
  );
});
