import type { StoredUpload, UploadStore } from '../upload/persistence/upload-store';

/**
 * The queue's storage in memory, for tests: shared by two queues, it stands for IndexedDB across a
 * reload. `failBlobWrites` makes writes that carry bytes fail (a full disk, a browser that cannot keep
 * blobs); `loseBytes` stands for the browser losing or changing a stored copy.
 */
export function createMemoryUploadStore() {
  const records = new Map<string, StoredUpload>();
  let failBlobWrites = false;
  let failEverything = false;
  const store: UploadStore = {
    async put(record) {
      if (failEverything || (failBlobWrites && (record.original !== undefined || record.prepared !== undefined))) {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      }
      records.set(record.key, { ...record });
    },
    async delete(key) {
      if (failEverything) throw new DOMException('gone', 'UnknownError');
      records.delete(key);
    },
    async list(sessionId) {
      if (failEverything) throw new DOMException('gone', 'UnknownError');
      return [...records.values()].filter((record) => record.sessionId === sessionId).sort((a, b) => a.order - b.order);
    },
    async purgeExpired(now) {
      if (failEverything) throw new DOMException('gone', 'UnknownError');
      for (const [key, record] of records) if (record.expiresAt < now) records.delete(key);
    },
  };
  return {
    store,
    records: () => [...records.values()].sort((a, b) => a.order - b.order),
    setFailBlobWrites: (fail: boolean) => {
      failBlobWrites = fail;
    },
    setFailEverything: (fail: boolean) => {
      failEverything = fail;
    },
    /** Replaces the stored bytes of a record with other bytes (same size), as a damaged copy would be. */
    loseBytes(key: string) {
      const record = records.get(key);
      if (record === undefined) throw new Error(`no record ${key}`);
      const damage = (bytes: StoredUpload['original']) => bytes && { ...bytes, blob: new Blob([new Uint8Array(bytes.size).fill(7)]) };
      records.set(key, { ...record, original: damage(record.original), prepared: record.prepared && { ...record.prepared, ...damage(record.prepared) } });
    },
  };
}
