/**
 * Everything the page needs only once a photo is picked, fetched as one chunk with the first pick so
 * the first bundle stays small: the factory of the upload queue (with its transport and store), what
 * follows it (parent messages, wake lock), the list (wired to the queue: queue-list.tsx), the queue's summary
 * sentence and the all-done screen, and the count of photos the queue still takes (for the camera's "N left").
 * use-session-queue.ts loads it.
 */
export { createPageQueue } from '../upload/page-queue';
export { queueStatusLine } from '../upload/components/queue-status-line';
export { QueueList } from './queue-list';
export { DoneScreen } from './screens/done-screen';
export { followQueue } from './follow-queue';
export { E2eNotice } from '../upload/e2e/e2e-notice';
export { freeSlots } from '../upload/queue-snapshot';
