import { indexedDbFactory, openUploadDb, requestResult, transactionDone, UPLOAD_DB } from './upload-db';

/**
 * Whether an earlier page life left unconfirmed uploads for this session (a reload, a killed tab):
 * then the page loads the upload engine at once, which restores and resumes them, without waiting
 * for a pick. Runs whenever a link is opened, so it also purges the copies of every session that
 * has expired since (they could never be sent). False when the browser keeps nothing or cannot tell.
 */
export async function hasStoredUploads(sessionId: string, now = Date.now(), factory = indexedDbFactory()): Promise<boolean> {
  if (factory === undefined) return false;
  try {
    const db = await openUploadDb(factory);
    try {
      const transaction = db.transaction(UPLOAD_DB.store, 'readwrite');
      const store = transaction.objectStore(UPLOAD_DB.store);
      const expired = await requestResult(store.index(UPLOAD_DB.byExpiry).getAllKeys(IDBKeyRange.upperBound(now, true)));
      for (const key of expired) store.delete(key);
      const count = await requestResult(store.index(UPLOAD_DB.bySession).count(sessionId));
      await transactionDone(transaction);
      return count > 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
