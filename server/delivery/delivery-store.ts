import * as v from 'valibot';
import { type Db, statement } from '../db';
import { DELIVERY } from '../limits';

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'retrying'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One photo going to one destination. Its id is the X-APTR-Delivery-ID, the same on every retry. */
export interface Delivery {
  id: string;
  imageId: string;
  sessionId: string;
  destinationId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  location: string | null;
  updatedAt: number;
}

/** The `deliveries` row, parsed: the database is a boundary too. */
const DeliveryRow = v.pipe(
  v.object({
    id: v.string(),
    image_id: v.string(),
    session_id: v.string(),
    destination_id: v.string(),
    status: v.picklist(DELIVERY_STATUSES),
    attempts: v.number(),
    last_error: v.nullable(v.string()),
    next_attempt_at: v.nullable(v.number()),
    location: v.nullable(v.string()),
    updated_at: v.number(),
  }),
  v.transform(
    (row): Delivery => ({
      id: row.id,
      imageId: row.image_id,
      sessionId: row.session_id,
      destinationId: row.destination_id,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      location: row.location,
      updatedAt: row.updated_at,
    }),
  ),
);

/** A `deliveries` row, parsed (the cluster's lease queue reads the same rows, with its lease columns). */
export const deliveryFromRow = (row: unknown): Delivery => v.parse(DeliveryRow, row);
const fromRow = deliveryFromRow;
const DueRow = v.object({ due: v.nullable(v.number()) });

export function findDelivery(db: Db, id: string): Delivery | undefined {
  const row = db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id);
  return row === undefined ? undefined : fromRow(row);
}

export function listSessionDeliveries(db: Db, sessionId: string): Delivery[] {
  return db.prepare('SELECT * FROM deliveries WHERE session_id = ? ORDER BY created_at, id').all(sessionId).map(fromRow);
}

const CountRow = v.object({ total: v.number() });

/** How many destinations one photo goes to (its planned deliveries, whatever their state). */
export function countImageDeliveries(db: Db, imageId: string): number {
  return v.parse(CountRow, statement(db, 'SELECT COUNT(*) AS total FROM deliveries WHERE image_id = ?').get(imageId)).total;
}

/** When the earliest waiting delivery is due, or null when nothing waits. */
export function nextDueAt(db: Db): number | null {
  const row = statement(db, "SELECT MIN(next_attempt_at) AS due FROM deliveries WHERE status IN ('pending', 'retrying')").get();
  return v.parse(DueRow, row).due;
}

/** Takes up to `limit` due deliveries and marks them `sending`, counting the attempt, in one transaction. */
export function claimDue(db: Db, now: number, limit: number): Delivery[] {
  return db.transaction(() => {
    const due = db
      .prepare(
        `SELECT * FROM deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(now, limit)
      .map(fromRow);
    const mark = db.prepare(
      "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = NULL, updated_at = ? WHERE id = ?",
    );
    for (const delivery of due) mark.run(now, delivery.id);
    const sending: DeliveryStatus = 'sending';
    return due.map((delivery) => ({ ...delivery, status: sending, attempts: delivery.attempts + 1, nextAttemptAt: null, updatedAt: now }));
  })();
}

export function markSent(db: Db, id: string, location: string | null, now: number): void {
  db.prepare("UPDATE deliveries SET status = 'sent', last_error = NULL, location = ?, updated_at = ? WHERE id = ?").run(
    location,
    now,
    id,
  );
}

export function markRetrying(db: Db, id: string, error: string, nextAttemptAt: number, now: number): void {
  db.prepare("UPDATE deliveries SET status = 'retrying', last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?").run(
    clip(error),
    nextAttemptAt,
    now,
    id,
  );
}

export function markFailed(db: Db, id: string, error: string, now: number): void {
  db.prepare("UPDATE deliveries SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?").run(clip(error), now, id);
}

/** A send cut short by shutdown did not really happen: hand it back, uncounted, for the next start. */
export function releaseInterrupted(db: Db, id: string, now: number): void {
  db.prepare(
    "UPDATE deliveries SET status = 'retrying', attempts = MAX(attempts - 1, 0), next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'",
  ).run(now, now, id);
}

/**
 * At start-up: a delivery still `sending` was cut by a crash. Its outcome is unknown, so it is sent again
 * (same delivery id, so a receiver that did get it can tell) and the attempt stays counted.
 */
export function recoverCrashed(db: Db, now: number): number {
  return db
    .prepare("UPDATE deliveries SET status = 'retrying', next_attempt_at = ?, updated_at = ? WHERE status = 'sending'")
    .run(now, now).changes;
}

const clip = (text: string): string =>
  text.length <= DELIVERY.lastErrorMaxLength ? text : `${text.slice(0, DELIVERY.lastErrorMaxLength - 1)}…`;
