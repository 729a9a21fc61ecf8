import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { type Db, statement } from '../db';
import { newId } from '../ids';
import { DELIVERY } from '../limits';
import type { DestinationType } from '../session/session-destination';

export type WebhookFormat = 'multipart' | 'json_base64';

export interface Destination {
  id: string;
  apiKeyId: string | null;
  type: DestinationType;
  name: string;
  /** Webhook URL, or the folder path for the folder destination. */
  url: string | null;
  format: WebhookFormat;
  secret: string | null;
  isDefault: boolean;
  /** A switched-off destination keeps its settings but receives nothing new. */
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** The `destinations` row, parsed: the database is a boundary too. */
const DestinationRow = v.pipe(
  v.object({
    id: v.string(),
    api_key_id: v.nullable(v.string()),
    type: v.picklist(['webhook', 'folder']),
    name: v.string(),
    url: v.nullable(v.string()),
    format: v.picklist(['multipart', 'json_base64']),
    secret: v.nullable(v.string()),
    is_default: v.number(),
    is_active: v.number(),
    created_at: v.number(),
    updated_at: v.nullable(v.number()),
    deleted_at: v.nullable(v.number()),
  }),
  v.transform(
    (row): Destination => ({
      id: row.id,
      apiKeyId: row.api_key_id,
      type: row.type,
      name: row.name,
      url: row.url,
      format: row.format,
      secret: row.secret,
      isDefault: row.is_default === 1,
      isActive: row.is_active === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at ?? row.created_at,
      deletedAt: row.deleted_at,
    }),
  ),
);

/** The folder destination is one fixed row, configured by DELIVERY_FOLDER only (never by API: it writes to disk). */
export const FOLDER_DESTINATION_ID = 'local-folder';
export const FOLDER_DESTINATION_NAME = 'Local folder';

/** A `destinations` row, parsed (the cluster's PostgreSQL store reads the same rows). */
export const destinationFromRow = (row: unknown): Destination => v.parse(DestinationRow, row);
const fromRow = destinationFromRow;

/** The signing secret of a new webhook, shown once at creation. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(DELIVERY.secretBytes).toString('hex')}`;

export interface NewWebhook {
  apiKeyId: string;
  name: string;
  url: string;
  format: WebhookFormat;
  isDefault: boolean;
}

export function createWebhook(db: Db, input: NewWebhook, now: number): Destination {
  const id = newId();
  const secret = newWebhookSecret();
  db.prepare(
    `INSERT INTO destinations (id, api_key_id, type, name, url, format, secret, is_default, created_at, updated_at)
     VALUES (?, ?, 'webhook', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.apiKeyId, input.name, input.url, input.format, secret, input.isDefault ? 1 : 0, now, now);
  const created = findDestination(db, id);
  if (created === undefined) throw new Error('destination vanished after insert');
  return created;
}

export function findDestination(db: Db, id: string): Destination | undefined {
  const row = db.prepare('SELECT * FROM destinations WHERE id = ?').get(id);
  return row === undefined ? undefined : fromRow(row);
}

export function listDestinations(db: Db, apiKeyId: string): Destination[] {
  return statement(db, 'SELECT * FROM destinations WHERE api_key_id = ? AND deleted_at IS NULL ORDER BY created_at, id')
    .all(apiKeyId)
    .map(fromRow);
}

/**
 * Soft delete: deliveries already made keep their history in delivery-status. Returns false when the key
 * owns no such live destination (a 404 for the caller: another key's ids look the same as missing ones).
 */
export function deleteDestination(db: Db, apiKeyId: string, id: string, now: number): boolean {
  const result = db
    .prepare('UPDATE destinations SET deleted_at = ? WHERE id = ? AND api_key_id = ? AND deleted_at IS NULL')
    .run(now, id, apiKeyId);
  return result.changes === 1;
}

export interface DestinationChange {
  name?: string;
  url?: string;
  format?: WebhookFormat;
  isActive?: boolean;
}

/** Applies `change` to a live destination of the key; undefined when the key owns no such destination. */
export function updateDestination(db: Db, apiKeyId: string, id: string, change: DestinationChange, now: number): Destination | undefined {
  const current = findDestination(db, id);
  if (current === undefined || current.apiKeyId !== apiKeyId || current.deletedAt !== null) return undefined;
  db.prepare('UPDATE destinations SET name = ?, url = ?, format = ?, is_active = ?, updated_at = ? WHERE id = ?').run(
    change.name ?? current.name,
    change.url ?? current.url,
    change.format ?? current.format,
    (change.isActive ?? current.isActive) ? 1 : 0,
    now,
    id,
  );
  return findDestination(db, id);
}

/**
 * Makes exactly `ids` the key's default destinations (the ones a session naming none delivers to). Returns false,
 * changing nothing, when one of them is not a live destination of the key.
 */
export function setDefaultDestinations(db: Db, apiKeyId: string, ids: readonly string[], now: number): boolean {
  return db.transaction(() => {
    const owned = new Set(listDestinations(db, apiKeyId).map((d) => d.id));
    if (!ids.every((id) => owned.has(id))) return false;
    const wanted = new Set(ids);
    const mark = db.prepare('UPDATE destinations SET is_default = ?, updated_at = ? WHERE id = ?');
    for (const id of owned) mark.run(wanted.has(id) ? 1 : 0, now, id);
    return true;
  })();
}

/** Creates or updates the folder row so its path follows the current DELIVERY_FOLDER; null removes nothing. */
export function syncFolderDestination(db: Db, folder: string | null, now: number): void {
  if (folder === null) return;
  db.prepare(
    `INSERT INTO destinations (id, api_key_id, type, name, url, created_at) VALUES (?, NULL, 'folder', ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET url = excluded.url, deleted_at = NULL`,
  ).run(FOLDER_DESTINATION_ID, FOLDER_DESTINATION_NAME, folder, now);
}
