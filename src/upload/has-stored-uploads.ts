import { indexedDbFactory, openUploadDb, requestResult, UPLOAD_DB } from './upload-db';

/**
 * Whether an earlier page life left unconfirmed uploads for this session (a reload, a killed tab):
 * then the page loads the upload engine at once, which restores and resumes them, without waiting
 * for a pick. False when the browser keeps nothing or cannot tell.
 */
export async function hasStoredUploads(sessionId: string, factory = indexedDbFactory()): Promise<boolean> {
  if (factory === undefined) return false;
  try {
    const db = await openUploadDb(factory);
    try {
      const transaction = db.transaction(UPLOAD_DB.store, 'readonly');
      return (await requestResult(transaction.objectStore(UPLOAD_DB.store).index(UPLOAD_DB.bySession).count(sessionId))) > 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
