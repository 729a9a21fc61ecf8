/**
 * upload/: the page's upload queue, plain TypeScript with its clock, transport, store and online status
 * injected (types.ts is the contract). queue.ts is the engine; queue-*.ts its parts; preparation.ts schedules
 * each file's preparation (compress/, fetched by load-preparation.ts) and asks for its quality hint;
 * xhr-transport.ts the network; persistence/ the copies that survive a reload; page-queue.ts wires it to the
 * browser; components/ draws the list (with each photo's quality hint, quality-hint.tsx) and the summary. React
 * owns nothing here: src/session/use-session-queue.ts makes the queue and subscribes.
 *
 * This file is the public entry. The first bundle imports it, so it names only what the page needs before a
 * photo is picked: types, the early look at stored copies, the queue's summary, the preparation's loader. The
 * queue's factory (page-queue.ts), the list (components/upload-list.tsx, components/queue-status-line.ts) and
 * the wake lock (wake-lock.ts) ship in session/'s after-pick chunk, which imports those modules directly
 * (eslint.config.js allows it there only): re-exported here, they would join the first bundle.
 */
export type { PageQueueEngine } from './page-queue';
export type { PhotoQuality, QueueItem, QueueItemStatus, QueueSnapshot, SessionFailure, UploadLimits, UploadQueue, UploadSource } from './types';
export { QueueStatus } from './components/queue-status';
export { loadPreparation } from './load-preparation';
export { useStoredUploads } from './persistence/use-stored-uploads';
