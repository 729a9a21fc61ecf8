/**
 * server/storage/: stored photos: their rows (this file), files on disk, download names and headers, and the group
 * commit that batches their database writes.
 */
import * as v from 'valibot';
import { type Db, statement } from '../db';
import { imageFromRow, type StoredImage } from './stored-image';

/** One image of one session; an id from another session reads as unknown. */
export function findSessionImage(db: Db, sessionId: string, imageId: string): StoredImage | undefined {
  const row = db.prepare('SELECT * FROM images WHERE session_id = ? AND id = ?').get(sessionId, imageId.toLowerCase());
  return row === undefined ? undefined : imageFromRow(row);
}

export function findByIdempotencyKey(db: Db, sessionId: string, key: string): StoredImage | undefined {
  const row = statement(db, 'SELECT * FROM images WHERE session_id = ? AND idempotency_key = ?').get(sessionId, key);
  return row === undefined ? undefined : imageFromRow(row);
}

/** What the integrator has not acknowledged yet, oldest first. */
export function listUnacknowledged(db: Db, sessionId: string): StoredImage[] {
  return db
    .prepare('SELECT * FROM images WHERE session_id = ? AND acknowledged_at IS NULL ORDER BY idx')
    .all(sessionId)
    .map(imageFromRow);
}

/** Marks the image acknowledged. False when it already was: the single UPDATE makes a double ack race-free. */
export function acknowledgeImage(db: Db, imageId: string, now: number): boolean {
  return db.prepare('UPDATE images SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(now, imageId).changes === 1;
}

const SlotRow = v.object({ n: v.number(), last: v.number() });
const OpenRow = v.object({ completed_at: v.nullable(v.number()), expires_at: v.number(), max_images: v.number() });
const FileRows = v.array(v.object({ id: v.string(), session_id: v.string(), storage_name: v.string() }));

export type NewImage = Omit<StoredImage, 'index' | 'acknowledgedAt'>;

export type InsertOutcome =
  | { kind: 'inserted'; image: StoredImage }
  | { kind: 'full' }
  /** The session was completed while the photo streamed. */
  | { kind: 'completed' }
  /** The session row is gone. */
  | { kind: 'missing' }
  /** The session passed its expires_at while the photo streamed. */
  | { kind: 'expired' }
  /** Another request with the same Idempotency-Key got there first: its image is the answer. */
  | { kind: 'duplicate'; image: StoredImage };

/**
 * Takes the next slot of the session, in one transaction: count, idempotency check and insert cannot interleave
 * with another upload's, so `max_images` holds however many uploads finish at the same moment. The session is
 * read again in that transaction: a photo that streamed while the session was completed, expired (at `now`) or
 * had its `max_images` lowered is refused as a fresh upload would be, and nothing of it is written. `alongside` runs
 * in the same transaction right after the insert (the upload plans the photo's deliveries there): the row and
 * what it writes commit together, with one fsync, and if it throws the insert is rolled back with it.
 */
export function insertImageIfRoom(
  db: Db,
  image: NewImage,
  now: number,
  alongside: (stored: StoredImage) => void = () => {},
): InsertOutcome {
  return db.transaction((): InsertOutcome => {
    if (image.idempotencyKey !== null) {
      const earlier = findByIdempotencyKey(db, image.sessionId, image.idempotencyKey);
      if (earlier !== undefined) return { kind: 'duplicate', image: earlier };
    }
    const session = statement(db, 'SELECT completed_at, expires_at, max_images FROM sessions WHERE id = ?').get(image.sessionId);
    if (session === undefined) return { kind: 'missing' };
    const { completed_at: completedAt, expires_at: expiresAt, max_images: maxImages } = v.parse(OpenRow, session);
    // Same order as the checks at the request's start (assertOpen, then full).
    if (completedAt !== null) return { kind: 'completed' };
    if (expiresAt <= now) return { kind: 'expired' };
    const { n, last } = v.parse(
      SlotRow,
      statement(db, 'SELECT COUNT(*) AS n, COALESCE(MAX(idx), 0) AS last FROM images WHERE session_id = ?').get(image.sessionId),
    );
    if (n >= maxImages) return { kind: 'full' };
    const stored: StoredImage = { ...image, index: last + 1, acknowledgedAt: null };
    statement(
      db,
      `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, width, height, sha256,
         source, idempotency_key, is_encrypted, is_e2e, created_at)
       VALUES (@id, @sessionId, @index, @filename, @storageName, @mimeType, @sizeBytes, @width, @height, @sha256,
         @source, @idempotencyKey, @isEncrypted, @isE2e, @createdAt)`,
    ).run({ ...image, index: stored.index, isEncrypted: image.isEncrypted ? 1 : 0, isE2e: image.isE2e ? 1 : 0 });
    alongside(stored);
    return { kind: 'inserted', image: stored };
  }).immediate();
}

/** Every stored file the database knows: `<session id>/<storage name>` → image id (recovery compares with the disk). */
export function listStoredFiles(db: Db): Map<string, string> {
  const rows = v.parse(FileRows, db.prepare('SELECT id, session_id, storage_name FROM images').all());
  return new Map(rows.map((row) => [`${row.session_id}/${row.storage_name}`, row.id]));
}
