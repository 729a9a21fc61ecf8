import type pg from 'pg';
import * as v from 'valibot';
import { isUuid } from '../ids';
import { type Session, sessionFromRow } from '../session/session-store';
import type { InsertOutcome, NewImage } from '../storage/image-store';
import { imageFromRow, type StoredImage } from '../storage/stored-image';
import { inTransaction, type Queryable } from './pg-transaction';
import type { UploadStore } from './store';

const OpenRow = v.object({ completed_at: v.nullable(v.number()), expires_at: v.number(), max_images: v.number() });
const SlotRow = v.object({ n: v.number(), last: v.number() });
const FileRows = v.array(v.object({ id: v.string(), session_id: v.string(), storage_name: v.string() }));

export interface PgUploadStoreOptions {
  /**
   * Runs on the insert's own connection, inside its transaction and under the session's lock, right after the row
   * (the cluster plans the photo's deliveries there, pg-delivery-plan.ts): both commit or neither, and if it rejects
   * the insert is rolled back.
   */
  alongsideInsert?: (client: pg.PoolClient, stored: StoredImage) => Promise<void>;
}

/**
 * The UploadStore of a cluster: the same rows as SQLite's, in PostgreSQL (pg-migrations.ts), shared by every
 * instance. Where SQLite serialises writers with BEGIN IMMEDIATE, PostgreSQL's READ COMMITTED would let two
 * instances both count 4 of 5 and both insert: the insert locks the session row (`FOR UPDATE`) first, so the
 * count, the Idempotency-Key check and the insert of one upload cannot interleave with another's. The store owns its
 * pool and ends it on close.
 */
export class PgUploadStore implements UploadStore {
  readonly #pool: pg.Pool;
  readonly #alongsideInsert: NonNullable<PgUploadStoreOptions['alongsideInsert']>;

  constructor(pool: pg.Pool, options: PgUploadStoreOptions = {}) {
    this.#pool = pool;
    this.#alongsideInsert = options.alongsideInsert ?? (async () => {});
  }

  async createSession(session: Session): Promise<void> {
    await this.#pool.query(
      `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, completed_at, expires_at, max_images,
         allowed_mime_types, max_image_dimension, max_image_size_bytes, password_hash, tags, long_polling, label,
         destination_ids, e2e_public_key, e2e_allow_downgrade)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        session.id,
        session.apiKeyId,
        session.env,
        session.createdAt,
        session.updatedAt,
        session.completedAt,
        session.expiresAt,
        session.maxImages,
        JSON.stringify(session.allowedMimeTypes),
        session.maxImageDimension,
        session.maxImageSizeBytes,
        session.passwordHash,
        JSON.stringify(session.tags),
        session.longPolling ? 1 : 0,
        session.label,
        JSON.stringify(session.destinationIds),
        session.e2ePublicKey,
        session.e2eAllowDowngrade ? 1 : 0,
      ],
    );
  }

  async findSession(id: string): Promise<Session | undefined> {
    if (!isUuid(id)) return undefined;
    const row: unknown = (await this.#pool.query('SELECT * FROM sessions WHERE id = $1', [id.toLowerCase()])).rows[0];
    return row === undefined ? undefined : sessionFromRow(row);
  }

  async saveSessionSettings(session: Session): Promise<boolean> {
    const result = await this.#pool.query(
      `UPDATE sessions SET updated_at = $2, expires_at = $3, max_images = $4, allowed_mime_types = $5,
         max_image_dimension = $6, max_image_size_bytes = $7, password_hash = $8, tags = $9, long_polling = $10,
         label = $11, destination_ids = $12
       WHERE id = $1 AND completed_at IS NULL`,
      [
        session.id,
        session.updatedAt,
        session.expiresAt,
        session.maxImages,
        JSON.stringify(session.allowedMimeTypes),
        session.maxImageDimension,
        session.maxImageSizeBytes,
        session.passwordHash,
        JSON.stringify(session.tags),
        session.longPolling ? 1 : 0,
        session.label,
        JSON.stringify(session.destinationIds),
      ],
    );
    return result.rowCount === 1;
  }

  async completeSession(id: string, now: number): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE sessions SET completed_at = $2, updated_at = $2 WHERE id = $1 AND completed_at IS NULL',
      [id, now],
    );
    return result.rowCount === 1;
  }

  async markE2eDowngraded(id: string): Promise<void> {
    await this.#pool.query('UPDATE sessions SET e2e_downgraded = 1 WHERE id = $1 AND e2e_downgraded = 0', [id]);
  }

  async findSessionImage(sessionId: string, imageId: string): Promise<StoredImage | undefined> {
    // SQLite compares text as given; uuid-shaped ids are stored lower-case, so the same lookup on both.
    if (!isUuid(imageId)) return undefined;
    const row: unknown = (
      await this.#pool.query('SELECT * FROM images WHERE session_id = $1 AND id = $2', [sessionId, imageId.toLowerCase()])
    ).rows[0];
    return row === undefined ? undefined : imageFromRow(row);
  }

  async listUnacknowledged(sessionId: string): Promise<StoredImage[]> {
    const { rows } = await this.#pool.query('SELECT * FROM images WHERE session_id = $1 AND acknowledged_at IS NULL ORDER BY idx', [sessionId]);
    return rows.map(imageFromRow);
  }

  async acknowledgeImage(imageId: string, now: number): Promise<boolean> {
    const result = await this.#pool.query('UPDATE images SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL', [imageId, now]);
    return result.rowCount === 1;
  }

  async listStoredFiles(): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query('SELECT id, session_id, storage_name FROM images');
    return new Map(v.parse(FileRows, rows).map((row) => [`${row.session_id}/${row.storage_name}`, row.id]));
  }

  async countImages(sessionId: string): Promise<number> {
    const row: unknown = (await this.#pool.query('SELECT COUNT(*) AS n FROM images WHERE session_id = $1', [sessionId])).rows[0];
    return v.parse(v.object({ n: v.number() }), row).n;
  }

  findByIdempotencyKey(sessionId: string, key: string): Promise<StoredImage | undefined> {
    return findByKey(this.#pool, sessionId, key);
  }

  insertImageIfRoom(image: NewImage, now: number): Promise<InsertOutcome> {
    return inTransaction(this.#pool, async (client): Promise<InsertOutcome> => {
      // The lock comes first: every check below then sees the committed work of the uploads that held it before.
      const locked: unknown = (
        await client.query('SELECT completed_at, expires_at, max_images FROM sessions WHERE id = $1 FOR UPDATE', [image.sessionId])
      ).rows[0];
      if (locked === undefined) return { kind: 'missing' };
      if (image.idempotencyKey !== null) {
        const earlier = await findByKey(client, image.sessionId, image.idempotencyKey);
        if (earlier !== undefined) return { kind: 'duplicate', image: earlier };
      }
      const session = v.parse(OpenRow, locked);
      // Same order as the checks at the request's start (assertOpen, then full), and as SQLite's store.
      if (session.completed_at !== null) return { kind: 'completed' };
      if (session.expires_at <= now) return { kind: 'expired' };
      const slot = v.parse(
        SlotRow,
        (await client.query('SELECT COUNT(*) AS n, COALESCE(MAX(idx), 0) AS last FROM images WHERE session_id = $1', [image.sessionId])).rows[0],
      );
      if (slot.n >= session.max_images) return { kind: 'full' };
      const stored: StoredImage = { ...image, index: slot.last + 1, acknowledgedAt: null };
      await client.query(
        `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, width, height, sha256,
           source, idempotency_key, is_encrypted, is_e2e, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          image.id,
          image.sessionId,
          stored.index,
          image.filename,
          image.storageName,
          image.mimeType,
          image.sizeBytes,
          image.width,
          image.height,
          image.sha256,
          image.source,
          image.idempotencyKey,
          image.isEncrypted ? 1 : 0,
          image.isE2e ? 1 : 0,
          image.createdAt,
        ],
      );
      await this.#alongsideInsert(client, stored);
      return { kind: 'inserted', image: stored };
    });
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

async function findByKey(queryable: Queryable, sessionId: string, key: string): Promise<StoredImage | undefined> {
  const row: unknown = (await queryable.query('SELECT * FROM images WHERE session_id = $1 AND idempotency_key = $2', [sessionId, key])).rows[0];
  return row === undefined ? undefined : imageFromRow(row);
}
