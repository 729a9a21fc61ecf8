/**
 * Sniffing, EXIF and compression code, as its own chunk: only needed once a photo is picked, so not in
 * the page's first bundle (initial-bundle budget). The ready screen fetches it ahead of the first pick
 * (src/session/prefetch-upload-engine.ts); the upload queue uses it through page-queue.ts.
 */
export const loadPreparation = () => import('../compress/prepare-for-upload');
