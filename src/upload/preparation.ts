import { patch, type QueueEntry } from './queue-entry';
import type { QueuePersistence } from './queue-persistence';
import { isRetryableFailure } from './queue-snapshot';
import type { PrepareFile, PrepareResult, UploadLimits } from './types';

export interface PreparationHost {
  prepare: PrepareFile;
  limits(): UploadLimits;
  isLive(entry: QueueEntry): boolean;
  persistence?: QueuePersistence;
  /** An entry changed (the page should redraw). */
  changed(): void;
  /** A preparation ended: the next one, or an upload, may start. */
  settled(): void;
}

/**
 * Checking and compressing, one file at a time: phones run out of memory otherwise.
 * A prepared file is kept in storage as what will be sent; a refused one is forgotten.
 */
export function createPreparation(host: PreparationHost) {
  let preparing = false;

  function settle(entry: QueueEntry, result: PrepareResult): void {
    if (!result.ok) {
      patch(entry, { status: 'failed', message: result.message });
      // The code that prepares files could not be fetched: "Tap to retry" may still get it through.
      if (!isRetryableFailure(entry.item)) host.persistence?.forget(entry);
      return;
    }
    entry.prepared = { blob: result.blob, type: result.type, name: result.name };
    patch(entry, { status: 'queued', sentSize: result.blob.size, sentType: result.type });
    host.persistence?.keepPrepared(entry);
  }

  /** Starts preparing the first file waiting for it, unless one is already being prepared. */
  function pump(entries: readonly QueueEntry[]): void {
    if (preparing) return;
    const entry = entries.find((candidate) => candidate.item.status === 'checking');
    if (entry === undefined) return;
    preparing = true;
    const onCompressing = () => {
      if (host.isLive(entry) && entry.item.status === 'checking') {
        patch(entry, { status: 'compressing' });
        host.changed();
      }
    };
    host
      .prepare(entry.item.file, host.limits(), onCompressing)
      .catch((): PrepareResult => ({ ok: false, message: { key: 'file.undecodable' } }))
      .then((result) => {
        preparing = false;
        if (host.isLive(entry)) settle(entry, result);
        host.settled();
      });
  }

  return { pump };
}
