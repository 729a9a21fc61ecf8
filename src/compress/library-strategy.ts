import libraryUrl from 'browser-image-compression/dist/browser-image-compression.js?url';
import { BYTES_PER_MB, COMPRESSION } from './compress-limits';
import { withCanvasElementsOnly } from './canvas-elements-only';
import type { CompressionStrategy } from './compress-plan';

/**
 * browser-image-compression 2.0.2, which aims at a byte size (quality steps, then 95 % size steps).
 * Orientation: the library draws with the browser's own EXIF orientation when the browser applies it
 * (it checks with a test image, `isAutoOrientationInBrowser`), and rotates by hand only when it does not,
 * so a portrait photo stored with orientation 6 comes out portrait, rotated once.
 */
export const libraryStrategy: CompressionStrategy = {
  name: 'browser-image-compression',
  async compress(file, plan, signal) {
    // Loaded only when a file needs it: most photos go up as they are, and the page stays light.
    const { default: imageCompression } = await import('browser-image-compression');
    // An OffscreenCanvas without convertToBlob would fail every photo on the main thread: <canvas> then.
    return withCanvasElementsOnly(() => imageCompression(file, {
      maxSizeMB: plan.maxBytes / BYTES_PER_MB,
      maxWidthOrHeight: plan.maxSide,
      maxIteration: COMPRESSION.maxIterations,
      // Off the main thread. The worker loads the library by URL: our own copy (Vite emits it with a
      // content hash), never the library's default CDN. The URL must be absolute: the worker is a blob: URL.
      useWebWorker: true,
      libURL: new URL(libraryUrl, document.baseURI).href,
      fileType: plan.targetType,
      initialQuality: COMPRESSION.initialQuality,
      // No metadata is copied (GPS included); orientation is already in the pixels.
      preserveExif: false,
      // The deadline (deadline-strategy.ts) ends the library's worker.
      signal,
    }));
  },
};
