import type { Session } from '../session/session-store';
import type { InsertOutcome, NewImage } from '../storage/image-store';
import type { StoredImage } from '../storage/stored-image';

/**
 * The session and image operations of the upload path, asynchronous so that one interface covers SQLite (today's
 * synchronous store, sqlite-store.ts) and PostgreSQL (pg-store.ts). The same contract tests run against both
 * (store-contract.cluster.test.ts). No route uses it yet: the routes still call the SQLite functions directly.
 */
export interface UploadStore {
  /** Inserts a new session row (its id is new: a duplicate id is an error). */
  createSession(session: Session): Promise<void>;
  /** The session, or undefined for a malformed or unknown id (a bad id and a missing one look the same). */
  findSession(id: string): Promise<Session | undefined>;
  countImages(sessionId: string): Promise<number>;
  findByIdempotencyKey(sessionId: string, key: string): Promise<StoredImage | undefined>;
  /**
   * Takes the session's next slot, exactly: however many uploads commit at once, on however many instances,
   * `max_images` holds and one Idempotency-Key makes one row. The session is re-read under its lock (completed,
   * expired at `now`, gone, or `max_images` lowered meanwhile all refuse). Resolved means committed.
   */
  insertImageIfRoom(image: NewImage, now: number): Promise<InsertOutcome>;
  close(): Promise<void>;
}
