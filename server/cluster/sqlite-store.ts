import type { Db } from '../db';
import { countImages, findSession, insertSession, type Session } from '../session/session-store';
import { inGroupCommit } from '../storage/group-commit';
import { findByIdempotencyKey, type InsertOutcome, insertImageIfRoom, type NewImage } from '../storage/image-store';
import type { StoredImage } from '../storage/stored-image';
import type { UploadStore } from './store';

/**
 * The UploadStore of `npm start`: today's synchronous SQLite functions, unchanged, behind promises. The insert keeps
 * the group commit (photos finishing together share one transaction and one fsync) and its BEGIN IMMEDIATE, which is
 * what makes `max_images` and the Idempotency-Key exact on one node.
 */
export class SqliteUploadStore implements UploadStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  createSession(session: Session): Promise<void> {
    return Promise.resolve().then(() => insertSession(this.#db, session));
  }

  findSession(id: string): Promise<Session | undefined> {
    return Promise.resolve().then(() => findSession(this.#db, id));
  }

  countImages(sessionId: string): Promise<number> {
    return Promise.resolve().then(() => countImages(this.#db, sessionId));
  }

  findByIdempotencyKey(sessionId: string, key: string): Promise<StoredImage | undefined> {
    return Promise.resolve().then(() => findByIdempotencyKey(this.#db, sessionId, key));
  }

  insertImageIfRoom(image: NewImage, now: number): Promise<InsertOutcome> {
    return inGroupCommit(this.#db, () => insertImageIfRoom(this.#db, image, now));
  }

  /** The database belongs to whoever opened it (the app closes it): nothing to release here. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
