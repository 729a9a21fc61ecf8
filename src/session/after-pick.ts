/**
 * Everything the page needs only once a photo is picked, fetched as one chunk with the first pick so
 * the first bundle stays small: the upload engine's host, the list, the queue's summary sentence and
 * the all-done screen.
 */
export { QueueHost } from '../upload/components/queue-host';
export { queueStatusLine } from '../upload/components/queue-status-line';
export { UploadList } from '../upload/components/upload-list';
export { DoneScreen } from './screens/done-screen';
