/**
 * upload/'s public entry: what the other folders may use. The first bundle imports this file, so it names only
 * what the page needs before a photo is picked (types, the early look at stored copies, the queue's summary, the
 * preparation chunk's loader). The queue itself (page-queue.ts), the list (components/upload-list.tsx,
 * components/queue-status-line.ts) and the wake lock (wake-lock.ts) ship in session/'s after-pick chunk, which
 * imports those modules directly (eslint.config.js allows it there only): re-exported here they would join the
 * first bundle. What lives where: queue.ts.
 */
export type { PageQueueEngine } from './page-queue';
export type { QueueItem, QueueItemStatus, QueueSnapshot, SessionFailure, UploadLimits, UploadQueue, UploadSource } from './types';
export { QueueStatus } from './components/queue-status';
export { loadPreparation } from './load-preparation';
export { useStoredUploads } from './persistence/use-stored-uploads';
