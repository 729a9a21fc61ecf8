import type { Db } from '../db';
import {
  countImages,
  findSession,
  insertSession,
  markCompleted,
  markE2eDowngraded,
  saveSessionSettings,
  type Session,
} from '../session/session-store';
import { inGroupCommit } from '../storage/group-commit';
import {
  acknowledgeImage,
  findByIdempotencyKey,
  findSessionImage,
  type InsertOutcome,
  insertImageIfRoom,
  listStoredFiles,
  listUnacknowledged,
  type NewImage,
} from '../storage/image-store';
import type { StoredImage } from '../storage/stored-image';
import type { UploadStore } from './store';

export interface SqliteUploadStoreOptions {
  /**
   * Runs inside the insert's own transaction, right after the row (the app plans the photo's deliveries there):
   * the row and what this writes commit together, with one fsync, and if it throws the insert is rolled back.
   */
  alongsideInsert?: (stored: StoredImage) => void;
}

/**
 * The UploadStore of `npm start`: today's synchronous SQLite functions, unchanged, behind promises. The insert keeps
 * the group commit (photos finishing together share one transaction and one fsync) and its BEGIN IMMEDIATE, which is
 * what makes `max_images` and the Idempotency-Key exact on one node.
 */
export class SqliteUploadStore implements UploadStore {
  readonly #db: Db;
  readonly #alongsideInsert: (stored: StoredImage) => void;

  constructor(db: Db, options: SqliteUploadStoreOptions = {}) {
    this.#db = db;
    this.#alongsideInsert = options.alongsideInsert ?? (() => {});
  }

  createSession(session: Session): Promise<void> {
    return this.#run(() => insertSession(this.#db, session));
  }

  findSession(id: string): Promise<Session | undefined> {
    return this.#run(() => findSession(this.#db, id));
  }

  saveSessionSettings(session: Session): Promise<boolean> {
    return this.#run(() => saveSessionSettings(this.#db, session));
  }

  completeSession(id: string, now: number): Promise<boolean> {
    return this.#run(() => markCompleted(this.#db, id, now));
  }

  markE2eDowngraded(id: string): Promise<void> {
    return this.#run(() => markE2eDowngraded(this.#db, id));
  }

  countImages(sessionId: string): Promise<number> {
    return this.#run(() => countImages(this.#db, sessionId));
  }

  findSessionImage(sessionId: string, imageId: string): Promise<StoredImage | undefined> {
    return this.#run(() => findSessionImage(this.#db, sessionId, imageId));
  }

  listUnacknowledged(sessionId: string): Promise<StoredImage[]> {
    return this.#run(() => listUnacknowledged(this.#db, sessionId));
  }

  acknowledgeImage(imageId: string, now: number): Promise<boolean> {
    return this.#run(() => acknowledgeImage(this.#db, imageId, now));
  }

  findByIdempotencyKey(sessionId: string, key: string): Promise<StoredImage | undefined> {
    return this.#run(() => findByIdempotencyKey(this.#db, sessionId, key));
  }

  insertImageIfRoom(image: NewImage, now: number): Promise<InsertOutcome> {
    return inGroupCommit(this.#db, () => insertImageIfRoom(this.#db, image, now, this.#alongsideInsert));
  }

  listStoredFiles(): Promise<Map<string, string>> {
    return this.#run(() => listStoredFiles(this.#db));
  }

  /** The database belongs to whoever opened it (the app closes it): nothing to release here. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** A synchronous call as a promise: a throw becomes a rejection, as with PostgreSQL. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
