import * as v from 'valibot';
import type { Db } from '../db';
import { newId } from '../ids';
import { newEventSecret } from './event-signature';

export type SignatureMethod = 'hmac_sha256' | 'svix';

export interface EventWebhook {
  id: string;
  apiKeyId: string;
  url: string;
  secret: string;
  signatureMethod: SignatureMethod;
  topics: string[];
  isActive: boolean;
  maxRetries: number;
  /** Seconds to wait before retry 1, 2…; the last one repeats. */
  retryIntervals: number[];
  /** Deliveries given up in a row that switch the webhook off (disabledAt); 0 never does. */
  disableAfterFailures: number;
  consecutiveFailures: number;
  customHeaders: Record<string, string>;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const parseJson = (text: string): unknown => JSON.parse(text);
const Row = v.pipe(
  v.object({
    id: v.string(),
    api_key_id: v.string(),
    url: v.string(),
    secret: v.string(),
    signature_method: v.picklist(['hmac_sha256', 'svix']),
    topics: v.pipe(v.string(), v.transform(parseJson), v.array(v.string())),
    is_active: v.number(),
    max_retries: v.number(),
    retry_intervals: v.pipe(v.string(), v.transform(parseJson), v.array(v.number())),
    disable_after_failures: v.number(),
    consecutive_failures: v.number(),
    custom_headers: v.pipe(v.string(), v.transform(parseJson), v.record(v.string(), v.string())),
    disabled_at: v.nullable(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  }),
  v.transform(
    (row): EventWebhook => ({
      id: row.id,
      apiKeyId: row.api_key_id,
      url: row.url,
      secret: row.secret,
      signatureMethod: row.signature_method,
      topics: row.topics,
      isActive: row.is_active === 1,
      maxRetries: row.max_retries,
      retryIntervals: row.retry_intervals,
      disableAfterFailures: row.disable_after_failures,
      consecutiveFailures: row.consecutive_failures,
      customHeaders: row.custom_headers,
      disabledAt: row.disabled_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }),
  ),
);
/** An event_webhooks row, SQLite's or PostgreSQL's (same columns). */
export const eventWebhookFromRow = (row: unknown): EventWebhook => v.parse(Row, row);
const fromRow = eventWebhookFromRow;

export interface EventWebhookSettings {
  url: string;
  topics: string[];
  signatureMethod: SignatureMethod;
  maxRetries: number;
  retryIntervals: number[];
  disableAfterFailures: number;
  customHeaders: Record<string, string>;
}

/** A new webhook's row, in the order of NEW_WEBHOOK_COLUMNS: both dialects insert it. */
export const NEW_WEBHOOK_COLUMNS = `id, api_key_id, secret, url, signature_method, topics, max_retries, retry_intervals,
  disable_after_failures, custom_headers, created_at, updated_at`;
export const newWebhookRow = (apiKeyId: string, settings: EventWebhookSettings, now: number): [string, ...unknown[]] => [
  newId(),
  apiKeyId,
  newEventSecret(),
  ...settingsValues(settings),
  now,
  now,
];

/**
 * A webhook's settings as stored, for both dialects' INSERT and UPDATE, in this column order: url, signature_method,
 * topics, max_retries, retry_intervals, disable_after_failures, custom_headers.
 */
export const settingsValues = (settings: EventWebhookSettings): unknown[] => [
  settings.url,
  settings.signatureMethod,
  JSON.stringify(settings.topics),
  settings.maxRetries,
  JSON.stringify(settings.retryIntervals),
  settings.disableAfterFailures,
  JSON.stringify(settings.customHeaders),
];

export function createEventWebhook(db: Db, apiKeyId: string, settings: EventWebhookSettings, now: number): EventWebhook {
  const row = newWebhookRow(apiKeyId, settings, now);
  db.prepare(`INSERT INTO event_webhooks (${NEW_WEBHOOK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...row);
  const created = findEventWebhook(db, row[0]);
  if (created === undefined) throw new Error('webhook vanished after insert');
  return created;
}

export function findEventWebhook(db: Db, id: string): EventWebhook | undefined {
  const row = db.prepare('SELECT * FROM event_webhooks WHERE id = ? AND deleted_at IS NULL').get(id);
  return row === undefined ? undefined : fromRow(row);
}

export function listEventWebhooks(db: Db, apiKeyId: string): EventWebhook[] {
  return db.prepare('SELECT * FROM event_webhooks WHERE api_key_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(apiKeyId).map(fromRow);
}

/** Webhooks that receive new events of the key: live, switched on, not disabled by failures. */
export function receivingWebhooks(db: Db, apiKeyId: string): EventWebhook[] {
  return listEventWebhooks(db, apiKeyId).filter((hook) => hook.isActive && hook.disabledAt === null);
}

/** Saves the settings; switching a webhook on again clears its failure count and disabledAt. */
export function saveEventWebhook(db: Db, hook: EventWebhook, settings: Partial<EventWebhookSettings> & { isActive?: boolean }, now: number): EventWebhook {
  const next = { ...hook, ...settings };
  const revived = settings.isActive === true;
  db.prepare(
    `UPDATE event_webhooks SET url = ?, signature_method = ?, topics = ?, max_retries = ?, retry_intervals = ?,
       disable_after_failures = ?, custom_headers = ?, is_active = ?, consecutive_failures = ?, disabled_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(...settingsValues(next), next.isActive ? 1 : 0, revived ? 0 : hook.consecutiveFailures, revived ? null : hook.disabledAt, now, hook.id);
  return findEventWebhook(db, hook.id) ?? next;
}

export function deleteEventWebhook(db: Db, id: string, now: number): void {
  db.prepare('UPDATE event_webhooks SET deleted_at = ?, is_active = 0 WHERE id = ?').run(now, id);
}

/** After a delivery ends: a sent one resets the count; a given-up one adds to it and may disable the webhook. */
export function countOutcome(db: Db, id: string, sent: boolean, now: number): void {
  if (sent) {
    db.prepare('UPDATE event_webhooks SET consecutive_failures = 0 WHERE id = ?').run(id);
    return;
  }
  db.prepare(
    `UPDATE event_webhooks SET consecutive_failures = consecutive_failures + 1,
       disabled_at = CASE WHEN disabled_at IS NULL AND disable_after_failures > 0 AND consecutive_failures + 1 >= disable_after_failures
                          THEN ? ELSE disabled_at END
     WHERE id = ?`,
  ).run(now, id);
}
