import type { Db } from '../db';
import { type KeyTotals, keyTotals } from '../integrator/stats';
import { countUploadsOfKey, listUploadsOfKey, type UploadView } from '../integrator/upload-list';
import { countSessionsOfKey, type ListedSession, listSessionsOfKey } from '../session/session-list';
import type { ListStore } from './list-store';

/** The ListStore of `npm start`: today's synchronous SQLite queries, unchanged, behind promises. */
export class SqliteListStore implements ListStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  listSessions(apiKeyId: string, limit: number, offset: number): Promise<ListedSession[]> {
    return this.#run(() => listSessionsOfKey(this.#db, apiKeyId, limit, offset));
  }

  countSessions(apiKeyId: string): Promise<number> {
    return this.#run(() => countSessionsOfKey(this.#db, apiKeyId));
  }

  listUploads(apiKeyId: string, limit: number, offset: number): Promise<UploadView[]> {
    return this.#run(() => listUploadsOfKey(this.#db, apiKeyId, limit, offset));
  }

  countUploads(apiKeyId: string): Promise<number> {
    return this.#run(() => countUploadsOfKey(this.#db, apiKeyId));
  }

  totals(apiKeyId: string, since: number): Promise<KeyTotals> {
    return this.#run(() => keyTotals(this.#db, apiKeyId, since));
  }

  /** A synchronous call as a promise: a throw becomes a rejection, as with PostgreSQL. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
