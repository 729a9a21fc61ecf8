import type { MessageKey } from '../../i18n/catalog-types';
import type { QueueItemStatus } from '../types';

/** The short word under each photo, per engine status ('uploading' and 'retry-wait' add numbers). */
export const ITEM_STATUS_KEY: Readonly<Record<QueueItemStatus, MessageKey>> = {
  checking: 'item.checking',
  compressing: 'item.compressing',
  queued: 'item.queued',
  uploading: 'item.uploading',
  'retry-wait': 'item.retryWait',
  done: 'item.done',
  failed: 'item.failed',
};
