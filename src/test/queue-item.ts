import type { QueueItem, QueueItemStatus } from '../upload/types';

/** A queue item for tests: a 1,000-byte JPEG from the gallery, named after its id (default: the status). */
export function queueItem(status: QueueItemStatus, overrides: Partial<QueueItem> = {}): QueueItem {
  const id = overrides.id ?? status;
  const name = overrides.name ?? `${id}.jpg`;
  return {
    id,
    name,
    source: 'gallery',
    originalSize: 1000,
    originalType: 'image/jpeg',
    status,
    progress: status === 'done' ? 1 : 0,
    attempts: 0,
    file: new File(['x'], name, { type: 'image/jpeg' }),
    ...overrides,
  };
}
