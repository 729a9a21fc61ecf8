import type { Db } from './db';
import { Errors } from './errors';
import { isUuid } from './ids';
import type { MimeType } from './limits';

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
}

export type SessionStatus = 'pending' | 'active' | 'completed' | 'expired';

interface SessionRow {
  id: string;
  api_key_id: string | null;
  env: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
  completed_at: number | null;
  max_images: number;
  allowed_mime_types: string;
  max_image_dimension: number | null;
  max_image_size_bytes: number;
  password_hash: string | null;
  tags: string;
  long_polling: number;
  label: string | null;
  destination_ids: string;
}

function fromRow(row: SessionRow): Session {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    env: row.env === 'test' ? 'test' : 'live',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    maxImages: row.max_images,
    allowedMimeTypes: parseStringArray(row.allowed_mime_types) as MimeType[],
    maxImageDimension: row.max_image_dimension,
    maxImageSizeBytes: row.max_image_size_bytes,
    passwordHash: row.password_hash,
    tags: parseStringArray(row.tags),
    longPolling: row.long_polling === 1,
    label: row.label,
    destinationIds: parseStringArray(row.destination_ids),
  };
}

function parseStringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function findSession(db: Db, id: string): Session | undefined {
  if (!isUuid(id)) return undefined;
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id.toLowerCase()) as SessionRow | undefined;
  return row === undefined ? undefined : fromRow(row);
}

/** 404 for a malformed or unknown id: a bad id and a missing one look the same from outside. */
export function getSessionOr404(db: Db, id: string): Session {
  const session = findSession(db, id);
  if (session === undefined) throw Errors.sessionNotFound();
  return session;
}

export function countImages(db: Db, sessionId: string): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM images WHERE session_id = ?').get(sessionId) as { n: number };
  return row.n;
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
