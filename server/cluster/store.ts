import type { Session } from '../session/session-store';
import type { InsertOutcome, NewImage } from '../storage/image-store';
import type { StoredImage } from '../storage/stored-image';

/**
 * The session and image operations of the upload path, asynchronous so that one interface covers SQLite (today's
 * synchronous store, sqlite-store.ts) and PostgreSQL (pg-store.ts). The same contract tests run against both
 * (store-contract.cluster.test.ts). The routes of the upload path reach it as `context.uploads`: the page's session
 * read, the upload, the integrator's session create/read/update/complete, poll, download and ack.
 */
export interface UploadStore {
  /** Inserts a new session row (its id is new: a duplicate id is an error). */
  createSession(session: Session): Promise<void>;
  /** The session, or undefined for a malformed or unknown id (a bad id and a missing one look the same). */
  findSession(id: string): Promise<Session | undefined>;
  /**
   * Writes the settings of an updated session (expiry, limits, password, tags, label, destinations), unless it was
   * completed meanwhile (completion is final): false then.
   */
  saveSessionSettings(session: Session): Promise<boolean>;
  /** Marks the session completed at `now`; false when it already was (one conditional UPDATE: race-free). */
  completeSession(id: string, now: number): Promise<boolean>;
  /** An end-to-end session took a plain photo (its page could not encrypt and the session allowed it). */
  markE2eDowngraded(id: string): Promise<void>;
  countImages(sessionId: string): Promise<number>;
  /** One image of one session; an id of another session's image, or a malformed one, reads as unknown. */
  findSessionImage(sessionId: string, imageId: string): Promise<StoredImage | undefined>;
  /** What the integrator has not acknowledged yet, in upload order. */
  listUnacknowledged(sessionId: string): Promise<StoredImage[]>;
  /** Marks the image acknowledged at `now`; false when it already was (one conditional UPDATE: race-free). */
  acknowledgeImage(imageId: string, now: number): Promise<boolean>;
  findByIdempotencyKey(sessionId: string, key: string): Promise<StoredImage | undefined>;
  /**
   * Takes the session's next slot, exactly: however many uploads commit at once, on however many instances,
   * `max_images` holds and one Idempotency-Key makes one row. The session is re-read under its lock (completed,
   * expired at `now`, gone, or `max_images` lowered meanwhile all refuse). Resolved means committed.
   */
  insertImageIfRoom(image: NewImage, now: number): Promise<InsertOutcome>;
  /** Every stored photo the rows know, `<session id>/<storage name>` → image id (start-up recovery compares). */
  listStoredFiles(): Promise<Map<string, string>>;
  close(): Promise<void>;
}
