import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { type Db, statement } from '../db';
import { newId } from '../ids';
import { DELIVERY } from '../limits';

export type DestinationType = 'webhook' | 'folder';
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
  createdAt: number;
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
    created_at: v.number(),
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
      createdAt: row.created_at,
      deletedAt: row.deleted_at,
    }),
  ),
);

/** The folder destination is one fixed row, configured by DELIVERY_FOLDER only (never by API: it writes to disk). */
export const FOLDER_DESTINATION_ID = 'local-folder';
export const FOLDER_DESTINATION_NAME = 'Local folder';

const fromRow = (row: unknown): Destination => v.parse(DestinationRow, row);

export interface NewWebhook {
  apiKeyId: string;
  name: string;
  url: string;
  format: WebhookFormat;
  isDefault: boolean;
}

export function createWebhook(db: Db, input: NewWebhook, now: number): Destination {
  const id = newId();
  const secret = `whsec_${randomBytes(DELIVERY.secretBytes).toString('hex')}`;
  db.prepare(
    `INSERT INTO destinations (id, api_key_id, type, name, url, format, secret, is_default, created_at)
     VALUES (?, ?, 'webhook', ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.apiKeyId, input.name, input.url, input.format, secret, input.isDefault ? 1 : 0, now);
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

/**
 * The live webhook destinations among `ids` that belong to the key, in the order given. For the sessions routes,
 * which store `destination_ids`: unknown or foreign ids are simply not there.
 */
export function findOwnedDestinations(db: Db, apiKeyId: string, ids: readonly string[]): Destination[] {
  const owned = new Map(listDestinations(db, apiKeyId).map((d) => [d.id, d]));
  return ids.flatMap((id) => owned.get(id) ?? []);
}

/** Creates or updates the folder row so its path follows the current DELIVERY_FOLDER; null removes nothing. */
export function syncFolderDestination(db: Db, folder: string | null, now: number): void {
  if (folder === null) return;
  db.prepare(
    `INSERT INTO destinations (id, api_key_id, type, name, url, created_at) VALUES (?, NULL, 'folder', ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET url = excluded.url, deleted_at = NULL`,
  ).run(FOLDER_DESTINATION_ID, FOLDER_DESTINATION_NAME, folder, now);
}
