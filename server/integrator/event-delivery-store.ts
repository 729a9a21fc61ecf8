import * as v from 'valibot';
import { type Db, statement } from '../db';
import type { SendOutcome } from '../delivery/send-delivery';
import type { DeliveryQueue } from '../delivery/scheduler';
import { newId } from '../ids';
import { countOutcome, findEventWebhook } from './event-webhook-store';

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
const fromRow = (row: unknown): EventDelivery => v.parse(Row, row);
const LAST_ERROR_MAX = 300;
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_BODY_MAX_BYTES = 1024;
const clip = (text: string) => (text.length <= LAST_ERROR_MAX ? text : `${text.slice(0, LAST_ERROR_MAX - 1)}…`);

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

export interface AttemptDetail {
  responseCode: number | null;
  responseBody: string | null;
  durationMs: number | null;
}

/**
 * Event deliveries as the scheduler's queue. `details` carries what the send saw (status code, duration), handed
 * over by the sender keyed by delivery id, since the scheduler's outcome does not hold them.
 */
export function eventDeliveryQueue(db: Db, details: Map<string, AttemptDetail>): DeliveryQueue<EventDelivery> {
  const finish = (delivery: EventDelivery, sent: boolean, now: number) => countOutcome(db, delivery.webhookId, sent, now);
  return {
    // Event deliveries have no lease yet (one process owns them): a start-up finds every `sending` row cut by a
    // crash, and between starts nothing is lost.
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
      const detail = details.get(delivery.id) ?? { responseCode: null, responseBody: null, durationMs: null };
      details.delete(delivery.id);
      const save = (status: EventDelivery['status'], error: string | null, nextAttemptAt: number | null, attempts = delivery.attempts) =>
        db
          .prepare(
            'UPDATE event_deliveries SET status = ?, last_error = ?, next_attempt_at = ?, attempts = ?, response_code = ?, response_body = ?, duration_ms = ?, updated_at = ? WHERE id = ?',
          )
          .run(status, error === null ? null : clip(error), nextAttemptAt, attempts, detail.responseCode, detail.responseBody, detail.durationMs, now, delivery.id);
      if (outcome.kind === 'sent') {
        save('sent', null, null);
        finish(delivery, true, now);
        return true;
      }
      if (interrupted) {
        save('retrying', null, now, Math.max(0, delivery.attempts - 1));
        return true;
      }
      const hook = findEventWebhook(db, delivery.webhookId);
      if (outcome.kind === 'retry' && hook !== undefined && delivery.attempts <= hook.maxRetries) {
        save('retrying', outcome.error, retryAt(hook.retryIntervals, delivery.attempts, now));
        return true;
      }
      save('failed', outcome.error, null);
      finish(delivery, false, now);
      return true;
    },
  };
}
