/**
 * server/session/: an upload session: its store (this file), the input of the create/update routes, the views the
 * integrator and the page read, the key's session list, passwords (hashing, guesses, checks) and the page-session
 * read. Leaves such as session-destination.ts let other rooms name its types without import circles.
 */
import * as v from 'valibot';
import type { UploadStore } from '../cluster/store';
import { type Db, statement } from '../db';
import { Errors } from '../errors';
import { isUuid } from '../ids';
import { MIME_TYPES, type MimeType } from '../limits';

/** A session as the server works with it (times in ms since epoch). */
export interface Session {
  id: string;
  apiKeyId: string | null;
  env: 'live' | 'test';
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  completedAt: number | null;
  maxImages: number;
  allowedMimeTypes: MimeType[];
  maxImageDimension: number | null;
  maxImageSizeBytes: number;
  passwordHash: string | null;
  tags: string[];
  longPolling: boolean;
  label: string | null;
  destinationIds: string[];
  /** End-to-end encryption (qrdrop): the integrator's SPKI PEM; photos arrive sealed for it. */
  e2ePublicKey: string | null;
  /** The page may send plain photos where it cannot encrypt (no secure context). */
  e2eAllowDowngrade: boolean;
  /** A plain photo arrived in this end-to-end session (a downgrade). */
  e2eDowngraded: boolean;
}

export type SessionStatus = 'pending' | 'active' | 'completed' | 'expired';

const isMimeType = (value: string): value is MimeType => MIME_TYPES.some((type) => type === value);

/** JSON text columns hold string arrays; anything else in them reads as empty rather than crashing a route. */
const jsonStrings = v.pipe(
  v.string(),
  v.transform((text): string[] => {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }),
);

/** The `sessions` row, parsed (the database is a boundary too). */
const SessionRow = v.pipe(
  v.object({
    id: v.string(),
    api_key_id: v.nullable(v.string()),
    env: v.string(),
    created_at: v.number(),
    updated_at: v.number(),
    expires_at: v.number(),
    completed_at: v.nullable(v.number()),
    max_images: v.number(),
    allowed_mime_types: jsonStrings,
    max_image_dimension: v.nullable(v.number()),
    max_image_size_bytes: v.number(),
    password_hash: v.nullable(v.string()),
    tags: jsonStrings,
    long_polling: v.number(),
    label: v.nullable(v.string()),
    destination_ids: jsonStrings,
    e2e_public_key: v.nullable(v.string()),
    e2e_allow_downgrade: v.number(),
    e2e_downgraded: v.number(),
  }),
  v.transform(
    (row): Session => ({
      id: row.id,
      apiKeyId: row.api_key_id,
      env: row.env === 'test' ? 'test' : 'live',
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
      completedAt: row.completed_at,
      maxImages: row.max_images,
      allowedMimeTypes: row.allowed_mime_types.filter(isMimeType),
      maxImageDimension: row.max_image_dimension,
      maxImageSizeBytes: row.max_image_size_bytes,
      passwordHash: row.password_hash,
      tags: row.tags,
      longPolling: row.long_polling === 1,
      label: row.label,
      destinationIds: row.destination_ids,
      e2ePublicKey: row.e2e_public_key,
      e2eAllowDowngrade: row.e2e_allow_downgrade === 1,
      e2eDowngraded: row.e2e_downgraded === 1,
    }),
  ),
);

export const sessionFromRow = (row: unknown): Session => v.parse(SessionRow, row);

export function findSession(db: Db, id: string): Session | undefined {
  if (!isUuid(id)) return undefined;
  const row = statement(db, 'SELECT * FROM sessions WHERE id = ?').get(id.toLowerCase());
  return row === undefined ? undefined : sessionFromRow(row);
}

/** 404 for a malformed or unknown id: a bad id and a missing one look the same from outside. */
export function getSessionOr404(db: Db, id: string): Session {
  const session = findSession(db, id);
  if (session === undefined) throw Errors.sessionNotFound();
  return session;
}

/** The same 404 through the upload path's store (SQLite or PostgreSQL). */
export async function sessionOr404(uploads: UploadStore, id: string): Promise<Session> {
  const session = await uploads.findSession(id);
  if (session === undefined) throw Errors.sessionNotFound();
  return session;
}

const CountRow = v.object({ n: v.number() });

export function countImages(db: Db, sessionId: string): number {
  return v.parse(CountRow, statement(db, 'SELECT COUNT(*) AS n FROM images WHERE session_id = ?').get(sessionId)).n;
}

/** Status is derived: completed wins, then expiry by the clock, then whether anything arrived. */
export function sessionStatus(session: Session, imagesCount: number, now: number): SessionStatus {
  if (session.completedAt !== null) return 'completed';
  if (session.expiresAt <= now) return 'expired';
  return imagesCount > 0 ? 'active' : 'pending';
}

/** The checks every page-side write runs first: 409 completed, 410 expired. (Full is checked where the slot is taken.) */
export function assertOpen(session: Session, now: number): void {
  if (session.completedAt !== null) throw Errors.sessionCompleted();
  if (session.expiresAt <= now) throw Errors.sessionExpired();
}

/** Column values of the settings a create or an update writes. */
function settingsColumns(session: Session) {
  return {
    expires_at: session.expiresAt,
    max_images: session.maxImages,
    allowed_mime_types: JSON.stringify(session.allowedMimeTypes),
    max_image_dimension: session.maxImageDimension,
    max_image_size_bytes: session.maxImageSizeBytes,
    password_hash: session.passwordHash,
    tags: JSON.stringify(session.tags),
    long_polling: session.longPolling ? 1 : 0,
    label: session.label,
    destination_ids: JSON.stringify(session.destinationIds),
  };
}

export function insertSession(db: Db, session: Session): void {
  db.prepare(
    `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, completed_at, expires_at, max_images,
       allowed_mime_types, max_image_dimension, max_image_size_bytes, password_hash, tags, long_polling, label, destination_ids,
       e2e_public_key, e2e_allow_downgrade)
     VALUES (@id, @api_key_id, @env, @created_at, @updated_at, @completed_at, @expires_at, @max_images,
       @allowed_mime_types, @max_image_dimension, @max_image_size_bytes, @password_hash, @tags, @long_polling, @label, @destination_ids,
       @e2e_public_key, @e2e_allow_downgrade)`,
  ).run({
    id: session.id,
    api_key_id: session.apiKeyId,
    env: session.env,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    completed_at: session.completedAt,
    ...settingsColumns(session),
    e2e_public_key: session.e2ePublicKey,
    e2e_allow_downgrade: session.e2eAllowDowngrade ? 1 : 0,
  });
}

/** An end-to-end session took a plain photo (its page could not encrypt and the session allowed it). */
export function markE2eDowngraded(db: Db, id: string): void {
  db.prepare('UPDATE sessions SET e2e_downgraded = 1 WHERE id = ? AND e2e_downgraded = 0').run(id);
}

/**
 * Writes the settings of an updated session, unless it was completed in the meantime (completion is final).
 * Returns false in that case.
 */
export function saveSessionSettings(db: Db, session: Session): boolean {
  const result = db
    .prepare(
      `UPDATE sessions SET updated_at = @updated_at, expires_at = @expires_at, max_images = @max_images,
         allowed_mime_types = @allowed_mime_types, max_image_dimension = @max_image_dimension,
         max_image_size_bytes = @max_image_size_bytes, password_hash = @password_hash, tags = @tags,
         long_polling = @long_polling, label = @label, destination_ids = @destination_ids
       WHERE id = @id AND completed_at IS NULL`,
    )
    .run({ id: session.id, updated_at: session.updatedAt, ...settingsColumns(session) });
  return result.changes === 1;
}

/** Marks the session completed. Returns false when it already was (the single UPDATE makes this race-free). */
export function markCompleted(db: Db, id: string, now: number): boolean {
  const result = db
    .prepare('UPDATE sessions SET completed_at = ?, updated_at = ? WHERE id = ? AND completed_at IS NULL')
    .run(now, now, id);
  return result.changes === 1;
}
