import * as v from 'valibot';
import { type Db, statement } from '../db';
import { MIME_TYPES, type MimeType } from '../limits';

/**
 * API keys as rows: those of QRDROP_API_KEYS (`source = 'config'`, recorded at start-up) and those created by API
 * (`source = 'api'`). Only the SHA-256 of a key is stored; its id is `key_<first 24 hex of the hash>` either way.
 */
export interface KeyRecord {
  id: string;
  source: 'config' | 'api';
  /** The key that created this one by API (it may see and manage it); null for configured keys. */
  createdBy: string | null;
  prefix: string | null;
  label: string | null;
  env: 'live' | 'test';
  isActive: boolean;
  lastUsedAt: number | null;
  /** Defaults of the key's new sessions; null means the server's own default. */
  maxImages: number | null;
  allowedMimeTypes: MimeType[] | null;
  maxImageDimension: number | null;
  longPolling: boolean;
  allowedIps: string[];
  allowedDomains: string[];
  /** HMAC secret of X-Aptr-Signature, issued by the signing-secret route; null until then. */
  signingSecret: string | null;
  /** Requests without a valid signature are refused (401). */
  requireSignature: boolean;
  createdAt: number;
}

const isMimeType = (value: string): value is MimeType => MIME_TYPES.some((type) => type === value);
const strings = (text: string | null): string[] => {
  if (text === null) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

const KeyRow = v.pipe(
  v.object({
    id: v.string(),
    source: v.picklist(['config', 'api']),
    created_by: v.nullable(v.string()),
    prefix: v.nullable(v.string()),
    label: v.nullable(v.string()),
    env: v.picklist(['live', 'test']),
    is_active: v.number(),
    last_used_at: v.nullable(v.number()),
    max_images: v.nullable(v.number()),
    allowed_mime_types: v.nullable(v.string()),
    max_image_dimension: v.nullable(v.number()),
    long_polling: v.number(),
    allowed_ips: v.string(),
    allowed_domains: v.string(),
    signing_secret: v.nullable(v.string()),
    require_signature: v.number(),
    created_at: v.number(),
  }),
  v.transform(
    (row): KeyRecord => ({
      id: row.id,
      source: row.source,
      createdBy: row.created_by,
      prefix: row.prefix,
      label: row.label,
      env: row.env,
      isActive: row.is_active === 1,
      lastUsedAt: row.last_used_at,
      maxImages: row.max_images,
      allowedMimeTypes: row.allowed_mime_types === null ? null : strings(row.allowed_mime_types).filter(isMimeType),
      maxImageDimension: row.max_image_dimension,
      longPolling: row.long_polling === 1,
      allowedIps: strings(row.allowed_ips),
      allowedDomains: strings(row.allowed_domains),
      signingSecret: row.signing_secret,
      requireSignature: row.require_signature === 1,
      createdAt: row.created_at,
    }),
  ),
);
/** A row of api_keys, as either backend reads it. */
export const keyFromRow = (row: unknown): KeyRecord => v.parse(KeyRow, row);
const fromRow = keyFromRow;

export function findKey(db: Db, id: string): KeyRecord | undefined {
  const row = statement(db, 'SELECT * FROM api_keys WHERE id = ? AND deleted_at IS NULL').get(id);
  return row === undefined ? undefined : fromRow(row);
}

/** An API-created key by the hash of the presented key (configured keys are matched from the configuration). */
export function findApiKeyByHash(db: Db, hash: string): KeyRecord | undefined {
  const row = statement(db, "SELECT * FROM api_keys WHERE key_hash = ? AND source = 'api' AND deleted_at IS NULL").get(hash);
  return row === undefined ? undefined : fromRow(row);
}

/** The keys `callerId` may see: itself and the keys it created, oldest first. */
export function listVisibleKeys(db: Db, callerId: string): KeyRecord[] {
  return db
    .prepare('SELECT * FROM api_keys WHERE (id = ? OR created_by = ?) AND deleted_at IS NULL ORDER BY created_at, rowid')
    .all(callerId, callerId)
    .map(fromRow);
}

export function countKeysCreatedBy(db: Db, callerId: string): number {
  const row = v.parse(v.object({ n: v.number() }), db.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE created_by = ? AND deleted_at IS NULL').get(callerId));
  return row.n;
}

export interface KeySettings {
  label?: string | null;
  isActive?: boolean;
  maxImages?: number | null;
  allowedMimeTypes?: MimeType[] | null;
  maxImageDimension?: number | null;
  longPolling?: boolean;
  allowedIps?: string[];
  allowedDomains?: string[];
  requireSignature?: boolean;
}

export interface NewKey {
  id: string;
  hash: string;
  prefix: string;
  env: 'live' | 'test';
  createdBy: string;
  settings: KeySettings;
}

export function insertKey(db: Db, key: NewKey, now: number): KeyRecord {
  db.prepare(
    `INSERT INTO api_keys (id, key_hash, env, created_at, source, created_by, prefix) VALUES (?, ?, ?, ?, 'api', ?, ?)`,
  ).run(key.id, key.hash, key.env, now, key.createdBy, key.prefix);
  const created = updateKey(db, key.id, key.settings);
  if (created === undefined) throw new Error('key vanished after insert');
  return created;
}

const json = (value: readonly string[] | null | undefined) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value));

/** Applies the settings given (absent ones unchanged, null ones cleared). */
export function updateKey(db: Db, id: string, settings: KeySettings): KeyRecord | undefined {
  const current = findKey(db, id);
  if (current === undefined) return undefined;
  const pick = <T>(next: T | undefined, now: T): T => (next === undefined ? now : next);
  db.prepare(
    `UPDATE api_keys SET label = ?, is_active = ?, max_images = ?, allowed_mime_types = ?, max_image_dimension = ?,
       long_polling = ?, allowed_ips = ?, allowed_domains = ?, require_signature = ? WHERE id = ?`,
  ).run(
    pick(settings.label, current.label),
    pick(settings.isActive, current.isActive) ? 1 : 0,
    pick(settings.maxImages, current.maxImages),
    pick(json(settings.allowedMimeTypes), json(current.allowedMimeTypes)),
    pick(settings.maxImageDimension, current.maxImageDimension),
    pick(settings.longPolling, current.longPolling) ? 1 : 0,
    JSON.stringify(pick(settings.allowedIps, current.allowedIps)),
    JSON.stringify(pick(settings.allowedDomains, current.allowedDomains)),
    pick(settings.requireSignature, current.requireSignature) ? 1 : 0,
    id,
  );
  return findKey(db, id);
}

/** Soft delete: the key stops working at once; its sessions keep their owner. */
export function deleteKey(db: Db, id: string, now: number): boolean {
  return db.prepare("UPDATE api_keys SET deleted_at = ?, is_active = 0 WHERE id = ? AND source = 'api' AND deleted_at IS NULL").run(now, id).changes === 1;
}

/** Records use, at most once a minute per key: a write on every request would cost more than the request. */
export function touchKey(db: Db, id: string, now: number, everyMs = 60_000): void {
  statement(db, 'UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)').run(now, id, now - everyMs);
}

/** Issues a new signing secret for the key (the previous one stops verifying at once). */
export function setSigningSecret(db: Db, id: string, secret: string): void {
  db.prepare('UPDATE api_keys SET signing_secret = ? WHERE id = ?').run(secret, id);
}
