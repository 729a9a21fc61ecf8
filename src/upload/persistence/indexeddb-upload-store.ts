import { indexedDbFactory, openUploadDb, requestResult, transactionDone, UPLOAD_DB } from './upload-db';
import { keepBlobsAsBytes } from './blobs-as-bytes';
import { parseStoredUploads, type UploadStore } from './upload-store';

/**
 * The queue's storage in IndexedDB, or undefined where the browser has none (the queue then keeps
 * nothing across reloads, and says nothing about it: uploads work the same).
 * Keeps are written with 'strict' durability: a photo counted as kept must survive the browser itself
 * being killed. Deletes may be relaxed: a lost delete only means one replayed, deduplicated send.
 * Where the database refuses Blob values (WebKit's ephemeral storage), they are kept as bytes (blobs-as-bytes.ts).
 */
export function createIndexedDbUploadStore(factory = indexedDbFactory()): UploadStore | undefined {
  if (factory === undefined) return undefined;
  let opened: Promise<IDBDatabase> | undefined;
  const db = () => {
    opened ??= openUploadDb(factory).catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };

  return keepBlobsAsBytes({
    async put(record) {
      const transaction = (await db()).transaction(UPLOAD_DB.store, 'readwrite', { durability: 'strict' });
      transaction.objectStore(UPLOAD_DB.store).put(record);
      await transactionDone(transaction);
    },
    async delete(key) {
      const transaction = (await db()).transaction(UPLOAD_DB.store, 'readwrite');
      transaction.objectStore(UPLOAD_DB.store).delete(key);
      await transactionDone(transaction);
    },
    async list(sessionId) {
      const transaction = (await db()).transaction(UPLOAD_DB.store, 'readonly');
      const rows: unknown[] = await requestResult(transaction.objectStore(UPLOAD_DB.store).index(UPLOAD_DB.bySession).getAll(sessionId));
      return rows;
    },
    async purgeExpired(now) {
      const transaction = (await db()).transaction(UPLOAD_DB.store, 'readwrite');
      const store = transaction.objectStore(UPLOAD_DB.store);
      const expired = await requestResult(store.index(UPLOAD_DB.byExpiry).getAllKeys(IDBKeyRange.upperBound(now, true)));
      for (const key of expired) store.delete(key);
      await transactionDone(transaction);
    },
  }, parseStoredUploads);
}
