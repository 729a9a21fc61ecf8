import * as v from 'valibot';
import { type Db, statement } from '../db';
import type { SendOutcome } from '../delivery/send-delivery';
import type { DeliveryQueue } from '../delivery/scheduler';
import { newId } from '../ids';
import type { QueuedEvent } from './event-fanout';
import { countOutcome, type EventWebhook, findEventWebhook } from './event-webhook-store';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'retrying'] as const;

/** One event going to one event webhook; its id is the svix-id (msg_<id>), the same on every retry. */
export interface EventDelivery {
  id: string;
  webhookId: string;
  eventLogId: string;
  topic: string;
  body: string;
  status: (typeof STATUSES)[number];
  attempts: number;
  responseCode: number | null;
  /** The start of the receiver's answer to the last attempt (RESPONSE_BODY_MAX_BYTES), or null without one. */
  responseBody: string | null;
  durationMs: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const Row = v.pipe(
  v.object({
    id: v.string(),
    webhook_id: v.string(),
    event_log_id: v.string(),
    topic: v.string(),
    body: v.string(),
    status: v.picklist(STATUSES),
    attempts: v.number(),
    response_code: v.nullable(v.number()),
    response_body: v.nullable(v.string()),
    duration_ms: v.nullable(v.number()),
    last_error: v.nullable(v.string()),
    next_attempt_at: v.nullable(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  }),
  v.transform(
    (row): EventDelivery => ({
      id: row.id,
      webhookId: row.webhook_id,
      eventLogId: row.event_log_id,
      topic: row.topic,
      body: row.body,
      status: row.status,
      attempts: row.attempts,
      responseCode: row.response_code,
      responseBody: row.response_body,
      durationMs: row.duration_ms,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }),
  ),
);
/** An event_deliveries row (SQLite's, or PostgreSQL's with its lease columns, which it leaves out). */
export const eventDeliveryFromRow = (row: unknown): EventDelivery => v.parse(Row, row);
const fromRow = eventDeliveryFromRow;
const LAST_ERROR_MAX = 300;
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_BODY_MAX_BYTES = 1024;
export const clipEventError = (text: string) => (text.length <= LAST_ERROR_MAX ? text : `${text.slice(0, LAST_ERROR_MAX - 1)}…`);

export function logEvent(db: Db, apiKeyId: string | null, topic: string, data: unknown, now: number): string {
  const id = newId();
  db.prepare('INSERT INTO event_log (id, api_key_id, topic, data, created_at) VALUES (?, ?, ?, ?, ?)').run(id, apiKeyId, topic, JSON.stringify(data), now);
  return id;
}

export function enqueueEventDelivery(db: Db, input: { webhookId: string; eventLogId: string; topic: string; body: string }, now: number): string {
  const id = newId();
  db.prepare(
    `INSERT INTO event_deliveries (id, webhook_id, event_log_id, topic, body, status, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  ).run(id, input.webhookId, input.eventLogId, input.topic, input.body, now, now, now);
  return id;
}

/** Records one event and its deliveries (fan-out of event-fanout.ts) in one transaction; nothing without deliveries. */
export function queueEvent(db: Db, apiKeyId: string | null, topic: string, data: unknown, deliveries: readonly QueuedEvent[], now: number): number {
  if (deliveries.length === 0) return 0;
  db.transaction(() => {
    const eventLogId = logEvent(db, apiKeyId, topic, data, now);
    for (const delivery of deliveries) enqueueEventDelivery(db, { ...delivery, eventLogId }, now);
  })();
  return deliveries.length;
}

export function findEventDelivery(db: Db, id: string): EventDelivery | undefined {
  const row = db.prepare('SELECT * FROM event_deliveries WHERE id = ?').get(id);
  return row === undefined ? undefined : fromRow(row);
}

export function listEventDeliveries(db: Db, webhookId: string, limit: number, offset: number): { rows: EventDelivery[]; total: number } {
  const rows = db
    .prepare('SELECT * FROM event_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?')
    .all(webhookId, limit, offset)
    .map(fromRow);
  const total = v.parse(v.object({ n: v.number() }), db.prepare('SELECT COUNT(*) AS n FROM event_deliveries WHERE webhook_id = ?').get(webhookId)).n;
  return { rows, total };
}

/** The retry route: the delivery is due now, with a fresh set of retries (its body unchanged). */
export function requeueEventDelivery(db: Db, id: string, now: number): boolean {
  return (
    db
      .prepare("UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status != 'sending'")
      .run(now, now, id).changes === 1
  );
}

/** The retry policy of the webhook: after the n-th failed attempt wait retryIntervals[n-1] s (the last one repeats). */
function retryAt(intervals: readonly number[], failedAttempts: number, now: number): number {
  const seconds = intervals[Math.min(failedAttempts, intervals.length) - 1] ?? 0;
  return now + seconds * 1000;
}

/**
 * What an attempt's outcome writes to its delivery, with the webhook's retry policy (`hook`, undefined once it is
 * deleted: never retried). `counts`: the delivery ended, sent or given up, which the webhook's failure count
 * follows (countOutcome); null while it goes on. Shared by SQLite's queue and PostgreSQL's.
 */
export interface EventSettlement {
  status: 'sent' | 'retrying' | 'failed';
  lastError: string | null;
  nextAttemptAt: number | null;
  attempts: number;
  counts: 'sent' | 'failed' | null;
}

export function settleEventAttempt(
  delivery: EventDelivery,
  outcome: SendOutcome,
  interrupted: boolean,
  hook: EventWebhook | undefined,
  now: number,
): EventSettlement {
  const settled = { lastError: null, nextAttemptAt: null, attempts: delivery.attempts };
  if (outcome.kind === 'sent') return { ...settled, status: 'sent', counts: 'sent' };
  // Shutdown cut it: the attempt did not really happen, it is due again at once, uncounted.
  if (interrupted) return { ...settled, status: 'retrying', nextAttemptAt: now, attempts: Math.max(0, delivery.attempts - 1), counts: null };
  const lastError = clipEventError(outcome.error);
  if (outcome.kind === 'retry' && hook !== undefined && delivery.attempts <= hook.maxRetries) {
    return { ...settled, status: 'retrying', lastError, nextAttemptAt: retryAt(hook.retryIntervals, delivery.attempts, now), counts: null };
  }
  return { ...settled, status: 'failed', lastError, counts: 'failed' };
}

export interface AttemptDetail {
  responseCode: number | null;
  responseBody: string | null;
  durationMs: number | null;
}

/** What a delivery's row keeps when the sender handed over nothing (the send never got an answer or a timing). */
export const NO_DETAIL: AttemptDetail = { responseCode: null, responseBody: null, durationMs: null };

/**
 * Event deliveries as the scheduler's queue. `details` carries what the send saw (status code, duration), handed
 * over by the sender keyed by delivery id, since the scheduler's outcome does not hold them.
 */
export function eventDeliveryQueue(db: Db, details: Map<string, AttemptDetail>): DeliveryQueue<EventDelivery> {
  const finish = (delivery: EventDelivery, sent: boolean, now: number) => countOutcome(db, delivery.webhookId, sent, now);
  return {
    // SQLite's event deliveries have no lease (one process owns them; a cluster's have, pg-event-webhooks.ts): a
    // start-up finds every `sending` row cut by a crash, and between starts nothing is lost.
    recoverLost: async (now, starting) =>
      starting
        ? db.prepare("UPDATE event_deliveries SET status = 'retrying', next_attempt_at = ?, updated_at = ? WHERE status = 'sending' RETURNING *").all(now, now).map(fromRow)
        : [],
    claimDue: async (now, limit) =>
      db.transaction(() => {
        const due = db
          .prepare("SELECT * FROM event_deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
          .all(now, limit)
          .map(fromRow);
        const mark = db.prepare("UPDATE event_deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = NULL, updated_at = ? WHERE id = ?");
        for (const delivery of due) mark.run(now, delivery.id);
        return due.map((d): EventDelivery => ({ ...d, status: 'sending', attempts: d.attempts + 1, nextAttemptAt: null, updatedAt: now }));
      })(),
    nextDueAt: async () =>
      v.parse(
        v.object({ due: v.nullable(v.number()) }),
        statement(db, "SELECT MIN(next_attempt_at) AS due FROM event_deliveries WHERE status IN ('pending', 'retrying')").get(),
      ).due,
    find: async (id) => findEventDelivery(db, id),
    record: async (delivery, outcome: SendOutcome, interrupted, now) => {
      const detail = details.get(delivery.id) ?? NO_DETAIL;
      details.delete(delivery.id);
      const settled = settleEventAttempt(delivery, outcome, interrupted, findEventWebhook(db, delivery.webhookId), now);
      db.prepare(
        'UPDATE event_deliveries SET status = ?, last_error = ?, next_attempt_at = ?, attempts = ?, response_code = ?, response_body = ?, duration_ms = ?, updated_at = ? WHERE id = ?',
      ).run(settled.status, settled.lastError, settled.nextAttemptAt, settled.attempts, detail.responseCode, detail.responseBody, detail.durationMs, now, delivery.id);
      if (settled.counts !== null) finish(delivery, settled.counts === 'sent', now);
      return true;
    },
  };
}
