/**
 * The browser database that keeps unconfirmed uploads across reloads and killed tabs: one object store,
 * records keyed by Idempotency-Key (upload-store.ts StoredUpload), indexed by session and by expiry.
 * Small on purpose: the page opens it at start-up (has-stored-uploads.ts) before any upload code loads.
 */
export const UPLOAD_DB = {
  name: 'qrdrop-uploads',
  version: 1,
  store: 'uploads',
  bySession: 'by-session',
  byExpiry: 'by-expiry',
} as const;

/** The browser's IndexedDB, or undefined where there is none (old browsers, some private modes, tests). */
export function indexedDbFactory(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    // Some browsers throw on the mere access when storage is blocked.
    return undefined;
  }
}

export function openUploadDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(UPLOAD_DB.name, UPLOAD_DB.version);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(UPLOAD_DB.store, { keyPath: 'key' });
      store.createIndex(UPLOAD_DB.bySession, 'sessionId');
      store.createIndex(UPLOAD_DB.byExpiry, 'expiresAt');
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer page wants to upgrade: step aside rather than block it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    request.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

/** An IDBRequest as a promise. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once the transaction is committed (its writes are on disk for a 'strict' one). */
export function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}
