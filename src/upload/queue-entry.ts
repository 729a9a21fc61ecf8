import type { Clock, QueueItem, TimerHandle, UploadLimits, UploadSource } from './types';

/** The queue's private bookkeeping for one file; `item` is what the page sees. */
export interface QueueEntry {
  item: QueueItem;
  /** One key per file, kept across every retry and every page life (the server then stores it once). */
  readonly idempotencyKey: string;
  /** Pick order, kept in storage so that restored files come back in the order they were picked. */
  readonly order: number;
  /** What prepare() made of the file: what is sent. */
  prepared?: { blob: Blob; type: string; name: string };
  controller?: AbortController;
  retryTimer?: TimerHandle;
}

export type ItemChanges = { -readonly [K in keyof QueueItem]?: QueueItem[K] };

export function patch(entry: QueueEntry, changes: ItemChanges): void {
  entry.item = { ...entry.item, ...changes };
}

/**
 * New entries for picked files: the first `fitting` wait for their checks, the rest cannot fit the session.
 * `nextOrder` numbers them in pick order.
 */
export function createEntries(
  files: readonly File[],
  source: UploadSource,
  fitting: number,
  createId: () => string,
  nextOrder: () => number,
): QueueEntry[] {
  return files.map((file, index) => {
    const base = { id: createId(), name: file.name, source, originalSize: file.size, originalType: file.type, progress: 0, attempts: 0, file };
    const item: QueueItem =
      index < fitting
        ? { ...base, status: 'checking' }
        : { ...base, status: 'failed', message: { key: 'file.onlyNMoreFit', params: { count: fitting } } };
    return { item, idempotencyKey: createId(), order: nextOrder() };
  });
}

/** "Tap to retry": back in line with a fresh run of attempts, keeping its key and prepared bytes. */
export function requeue(entry: QueueEntry): void {
  patch(entry, {
    status: entry.prepared === undefined ? 'checking' : 'queued',
    attempts: 0,
    progress: 0,
    message: undefined,
    retryAt: undefined,
  });
}

/** Stops whatever the entry is doing: its upload, its backoff timer. */
export function cancel(entry: QueueEntry, clock: Clock): void {
  entry.controller?.abort();
  entry.controller = undefined;
  if (entry.retryTimer !== undefined) clock.clearTimeout(entry.retryTimer);
  entry.retryTimer = undefined;
}

export function sameLimits(a: UploadLimits, b: UploadLimits): boolean {
  return (
    a.remainingSlots === b.remainingSlots &&
    a.maxImageSizeBytes === b.maxImageSizeBytes &&
    a.maxImageDimension === b.maxImageDimension &&
    a.stripGps === b.stripGps &&
    a.allowedMimeTypes.join() === b.allowedMimeTypes.join()
  );
}
