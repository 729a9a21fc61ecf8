import type { Db } from '../db';
import {
  countKeysCreatedBy,
  deleteKey,
  findApiKeyByHash,
  findKey,
  insertKey,
  type KeyRecord,
  type KeySettings,
  listVisibleKeys,
  type NewKey,
  setSigningSecret,
  touchKey,
  updateKey,
} from '../integrator/key-store';
import type { ApiKeyStore } from './api-key-store';

/** The ApiKeyStore of `npm start`: today's synchronous SQLite functions, unchanged, behind promises. */
export class SqliteApiKeyStore implements ApiKeyStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  find(id: string): Promise<KeyRecord | undefined> {
    return this.#run(() => findKey(this.#db, id));
  }

  findApiKeyByHash(hash: string): Promise<KeyRecord | undefined> {
    return this.#run(() => findApiKeyByHash(this.#db, hash));
  }

  listVisible(callerId: string): Promise<KeyRecord[]> {
    return this.#run(() => listVisibleKeys(this.#db, callerId));
  }

  countCreatedBy(callerId: string): Promise<number> {
    return this.#run(() => countKeysCreatedBy(this.#db, callerId));
  }

  insert(key: NewKey, now: number): Promise<KeyRecord> {
    return this.#run(() => insertKey(this.#db, key, now));
  }

  update(id: string, settings: KeySettings): Promise<KeyRecord | undefined> {
    return this.#run(() => updateKey(this.#db, id, settings));
  }

  delete(id: string, now: number): Promise<boolean> {
    return this.#run(() => deleteKey(this.#db, id, now));
  }

  touch(id: string, now: number): Promise<void> {
    return this.#run(() => touchKey(this.#db, id, now));
  }

  setSigningSecret(id: string, secret: string): Promise<void> {
    return this.#run(() => setSigningSecret(this.#db, id, secret));
  }

  /** A synchronous call as a promise: a throw becomes a rejection, as with PostgreSQL. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
