import { patch, type QueueEntry } from './queue-entry';
import { PREPARATION } from './queue-limits';
import type { QueuePersistence } from './persistence/queue-persistence';
import { isRetryableFailure } from './queue-snapshot';
import type { MeasureQuality, PrepareFile, PrepareResult, UploadLimits } from './types';

export interface PreparationHost {
  prepare: PrepareFile;
  /** The quality hint, measured once a file is prepared (while it is sent: it never holds the upload up). */
  measure?: MeasureQuality;
  limits(): UploadLimits;
  isLive(entry: QueueEntry): boolean;
  /** The device's cores (`navigator.hardwareConcurrency`): two preparations at a time need two. */
  cores: number;
  persistence?: QueuePersistence;
  /** An entry changed (the page should redraw). */
  changed(): void;
  /** A preparation ended: the next one, or an upload, may start. */
  settled(): void;
}

/** How many files may be in preparation at once on a device with this many cores (queue-limits.ts). */
export const preparationsAtOnce = (cores: number) => (cores >= PREPARATION.minCoresForTwo ? PREPARATION.maxAtOnce : 1);

const small = (entry: QueueEntry) => entry.item.file.size <= PREPARATION.maxBytesForTwo;

/**
 * Checking and compressing, in pick order, while earlier files are sending: one file at a time, or two
 * when the device has the cores and both are small (PREPARATION in queue-limits.ts); phones run out of
 * memory otherwise. A prepared file is kept in storage as what will be sent; a refused one is forgotten.
 */
export function createPreparation(host: PreparationHost) {
  /** Files in preparation, including removed ones whose work has not ended (it still holds memory). */
  const running = new Set<QueueEntry>();
  const atOnce = preparationsAtOnce(host.cores);

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
    // Seen while it was prepared, from the same decode: nothing is decoded again. Otherwise (sent as it is) measured now.
    if (result.look === undefined) {
      measure(entry);
      return;
    }
    patch(entry, { preview: result.look.preview });
    // Hints only where the queue was asked for them, as a measured one.
    if (host.measure !== undefined && result.look.quality !== undefined) patch(entry, { quality: result.look.quality });
  }

  /** The photo as picked is measured (a sealed one could not be); a hint that comes late still shows, even once sent. */
  function measure(entry: QueueEntry): void {
    if (host.measure === undefined) return;
    void host.measure(entry.item.file).then(
      (quality) => {
        if (quality === undefined || !host.isLive(entry)) return;
        patch(entry, { quality });
        host.changed();
      },
      () => undefined,
    );
  }

  /** A second file joins the one in preparation only if both are small enough to be decoded side by side. */
  function mayStart(entry: QueueEntry): boolean {
    if (running.size === 0) return true;
    return running.size < atOnce && small(entry) && [...running].every(small);
  }

  /** Starts preparing the files waiting for it, in pick order, as far as the limits allow. */
  function pump(entries: readonly QueueEntry[]): void {
    for (const entry of entries) {
      if (entry.item.status !== 'checking' || running.has(entry)) continue;
      // Never past a file that must wait: the list fills in the order the person picked.
      if (!mayStart(entry)) return;
      start(entry);
    }
  }

  function start(entry: QueueEntry): void {
    running.add(entry);
    const onCompressing = () => {
      if (host.isLive(entry) && entry.item.status === 'checking') {
        patch(entry, { status: 'compressing' });
        host.changed();
      }
    };
    // Fire and forget: prepare's failure becomes a result in .catch; a throw in the bookkeeping after it is a bug,
    // left to surface as an unhandled rejection.
    void host
      .prepare(entry.item.file, host.limits(), onCompressing)
      .catch((): PrepareResult => ({ ok: false, message: { key: 'file.undecodable' } }))
      .then((result) => {
        running.delete(entry);
        if (host.isLive(entry)) settle(entry, result);
        host.settled();
      });
  }

  return { pump };
}
