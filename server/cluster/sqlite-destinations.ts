import type { Db } from '../db';
import {
  createWebhook,
  deleteDestination,
  type Destination,
  type DestinationChange,
  findDestination,
  listDestinations,
  type NewWebhook,
  setDefaultDestinations,
  updateDestination,
} from '../delivery/destination-store';
import type { DestinationStore } from './destinations';

/** The DestinationStore of `npm start`: today's synchronous SQLite functions, unchanged, behind promises. */
export class SqliteDestinationStore implements DestinationStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  createWebhook(input: NewWebhook, now: number): Promise<Destination> {
    return this.#run(() => createWebhook(this.#db, input, now));
  }

  find(id: string): Promise<Destination | undefined> {
    return this.#run(() => findDestination(this.#db, id));
  }

  listOfKey(apiKeyId: string): Promise<Destination[]> {
    return this.#run(() => listDestinations(this.#db, apiKeyId));
  }

  delete(apiKeyId: string, id: string, now: number): Promise<boolean> {
    return this.#run(() => deleteDestination(this.#db, apiKeyId, id, now));
  }

  update(apiKeyId: string, id: string, change: DestinationChange, now: number): Promise<Destination | undefined> {
    return this.#run(() => updateDestination(this.#db, apiKeyId, id, change, now));
  }

  setDefaults(apiKeyId: string, ids: readonly string[], now: number): Promise<boolean> {
    return this.#run(() => setDefaultDestinations(this.#db, apiKeyId, ids, now));
  }

  /** A synchronous call as a promise: a throw becomes a rejection, as with PostgreSQL. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
