import * as v from 'valibot';
import { type Db, statement } from '../db';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'retrying'] as const;
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

export function listSessionDeliveries(db: Db, sessionId: string): Delivery[] {
  return db.prepare('SELECT * FROM deliveries WHERE session_id = ? ORDER BY created_at, id').all(sessionId).map(fromRow);
}

const CountRow = v.object({ total: v.number() });

/** How many destinations one photo goes to (its planned deliveries, whatever their state). */
export function countImageDeliveries(db: Db, imageId: string): number {
  return v.parse(CountRow, statement(db, 'SELECT COUNT(*) AS total FROM deliveries WHERE image_id = ?').get(imageId)).total;
}
