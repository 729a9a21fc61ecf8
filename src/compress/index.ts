/**
 * compress/: what a picked photo becomes before it is sent. prepare-for-upload.ts carries it out: sniff
 * (src/image-bytes/file-sniff.ts), decide (decide.ts), re-encode through a strategy (compress-plan.ts is the
 * contract; native-strategy.ts in a worker, library-strategy.ts, with fallback-strategy.ts and
 * deadline-strategy.ts), remove location data (src/image-bytes/gps-removal.ts). The quality hint: quality.ts measures
 * blur and darkness on a small copy (measure-photo.ts draws it, in the worker or on the page), thresholds in
 * compress-limits.ts. Nothing here knows the queue:
 * upload/preparation.ts calls it.
 *
 * This file is the public entry, loaded only with import() (src/upload/load-preparation.ts) as its own chunk
 * (assets/compress-*.js). A static import of anything but types from here would put the compression code in
 * the page's first bundle.
 */
export { measurePhotoQuality, prepareForUpload, sealInWorker } from './prepare-for-upload';
export type { QualityHint } from './quality';
