/**
 * upload/persistence/: what keeps unconfirmed photos across a reload or a killed tab. This file is what the
 * queue talks to; upload-store.ts the storage contract, indexeddb-upload-store.ts + upload-db.ts the browser's,
 * restore-uploads.ts what a new page life gets back, has-stored-uploads.ts / use-stored-uploads.ts the early look.
 */
import type { QueueEntry } from '../queue-entry';
import { UPLOAD_QUEUE } from '../queue-limits';
import { restoreEntries } from './restore-uploads';
import { sha256Hex } from '../sha256';
import type { Clock } from '../types';
import type { StoredBytes, StoredUpload, UploadStore } from './upload-store';

/** What the queue tells its storage; every call returns at once, the writes follow in the background. */
export interface QueuePersistence {
  /** A file was picked: keep the file itself until it is prepared (not hashed: see StoredOriginal). */
  keepPicked(entry: QueueEntry): void;
  /** It was prepared: keep what will be sent instead (the original is not needed any more). */
  keepPrepared(entry: QueueEntry): void;
  /** Confirmed by the server, refused for good, or removed: the copy goes. */
  forget(entry: QueueEntry): void;
  /** This session's unconfirmed files from an earlier page life, checked (restore-uploads.ts). */
  restore(createId: () => string): Promise<QueueEntry[]>;
}

export interface PersistenceOptions {
  store: UploadStore;
  sessionId: string;
  /** The session's expiry; unknown, a session's longest life from now. */
  expiresAt?: number;
  /** Default sha256Hex. */
  hash?: (blob: Blob) => Promise<string>;
  clock: Clock;
}

/**
 * Writes for one file run one after the other, in the order asked: a "forget" after a confirmation
 * can never be overtaken by a slower "keep" (which would send a confirmed photo again after a reload;
 * harmless thanks to the Idempotency-Key, but wasted). A failed write never stops an upload: the file
 * is still sent, it just would not survive the tab. When a picked file's bytes cannot be written
 * (quota), its name is kept alone, so a restore asks for it again instead of forgetting it.
 */
export function createQueuePersistence(options: PersistenceOptions): QueuePersistence {
  const { store, sessionId, clock } = options;
  const hash = options.hash ?? sha256Hex;
  const expiresAt = options.expiresAt ?? clock.now() + UPLOAD_QUEUE.storedCopyFallbackTtlMs;
  const chains = new Map<string, Promise<void>>();
  /**
   * Picked originals are written one after the other, not all at once: ten photos are ~50 MB to copy,
   * and the browser reads the first photo for its preparation only after the writes already asked for
   * (measured: 10 writes at once held the first "Optimizing…" back by ~1.6 s). One at a time, its reads
   * slip in after the first write; every original is still kept as soon as the disk allows.
   */
  let originals: Promise<void> = Promise.resolve();

  function enqueue(key: string, write: () => Promise<void>): void {
    const previous = chains.get(key) ?? Promise.resolve();
    const next = previous.then(write).catch(() => undefined);
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  }

  const base = (entry: QueueEntry): StoredUpload => ({
    key: entry.idempotencyKey,
    sessionId,
    order: entry.order,
    source: entry.item.source,
    name: entry.item.name,
    originalType: entry.item.originalType,
    originalSize: entry.item.originalSize,
    expiresAt,
  });

  async function bytes(blob: Blob): Promise<StoredBytes> {
    return { blob, size: blob.size, sha256: await hash(blob) };
  }

  async function putOrKeepName(record: StoredUpload): Promise<void> {
    try {
      await store.put(record);
    } catch {
      await store.put({ ...record, original: undefined, prepared: undefined });
    }
  }

  return {
    keepPicked(entry) {
      const record = base(entry);
      const file = entry.item.file;
      enqueue(record.key, () => {
        const write = originals.then(() => putOrKeepName({ ...record, original: { blob: file, size: file.size } }));
        originals = write.catch(() => undefined);
        return write;
      });
    },
    keepPrepared(entry) {
      const record = base(entry);
      const prepared = entry.prepared;
      if (prepared === undefined) return;
      // If this write fails, the record written at pick time stays: a restore prepares the original again.
      enqueue(record.key, async () => store.put({ ...record, prepared: { ...(await bytes(prepared.blob)), type: prepared.type, name: prepared.name } }));
    },
    forget(entry) {
      enqueue(entry.idempotencyKey, () => store.delete(entry.idempotencyKey));
    },
    restore(createId) {
      return restoreEntries({ store, sessionId, now: clock.now(), hash, createId });
    },
  };
}
