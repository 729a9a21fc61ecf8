import type pg from 'pg';
import * as v from 'valibot';
import {
  afterFailure,
  clipError,
  type LeasedDelivery,
  type LeasedDeliveryQueue,
  leasedFromRow,
  type LeaseQueueOptions,
  type Settled,
} from './delivery-queue';
import { DELIVERY } from '../limits';

const NextRow = v.object({ next: v.nullable(v.number()) });
const CountRow = v.object({ total: v.number() });

/** The claimer's fence ($1 id, $2 instance, $3 attempt): the write applies only while this attempt is the live one. */
const FENCE = "id = $1 AND status = 'sending' AND claimed_by = $2 AND attempts = $3";

/**
 * A claim of the due rows of a leased queue table (photo deliveries, event deliveries): $1 now, $2 how many, $3 this
 * instance, $4 the lease's end; the claimed rows are returned.
 */
export const claimDueSql = (table: 'deliveries' | 'event_deliveries') => `WITH due AS (
    SELECT id FROM ${table}
    WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $1
    ORDER BY next_attempt_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE ${table} d SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = NULL, claimed_by = $3,
    lease_until = $4, updated_at = $1
  FROM due WHERE d.id = due.id
  RETURNING d.*`;

/**
 * The leased queue in PostgreSQL, shared by every instance. A claim is one statement: the due rows are locked
 * `FOR UPDATE SKIP LOCKED` (rows another instance is claiming at this moment are passed over, not waited for, and
 * once its claim commits they are no longer due), then marked `sending` under this instance with a lease. The
 * re-check PostgreSQL makes of a row it locks (READ COMMITTED) sees another instance's committed claim, so no
 * delivery is claimed twice. The queue does not own the pool.
 */
export class PgDeliveryQueue implements LeasedDeliveryQueue {
  readonly instanceId: string;
  readonly #pool: pg.Pool;
  readonly #options: LeaseQueueOptions;
  readonly #leaseMs: number;

  constructor(pool: pg.Pool, options: LeaseQueueOptions) {
    this.#pool = pool;
    this.#options = options;
    this.instanceId = options.instanceId;
    this.#leaseMs = options.leaseMs ?? DELIVERY.leaseMs;
  }

  async claimDue(now: number, limit: number): Promise<LeasedDelivery[]> {
    const result = await this.#pool.query(claimDueSql('deliveries'), [now, limit, this.instanceId, now + this.#leaseMs]);
    return result.rows.map(leasedFromRow);
  }

  complete(delivery: LeasedDelivery, location: string | null, now: number): Promise<Settled> {
    return this.#settle(
      'sent',
      `UPDATE deliveries SET status = 'sent', last_error = NULL, location = $4, lease_until = NULL, updated_at = $5 WHERE ${FENCE}`,
      delivery,
      [location, now],
    );
  }

  fail(delivery: LeasedDelivery, error: string, permanent: boolean, now: number): Promise<Settled> {
    const next = afterFailure(delivery, permanent, now, this.#options);
    return this.#settle(
      next.status,
      `UPDATE deliveries SET status = $4, last_error = $5, next_attempt_at = $6, lease_until = NULL, updated_at = $7 WHERE ${FENCE}`,
      delivery,
      [next.status, clipError(error), next.status === 'retrying' ? next.nextAttemptAt : null, now],
    );
  }

  release(delivery: LeasedDelivery, now: number): Promise<Settled> {
    return this.#settle(
      'released',
      `UPDATE deliveries SET status = 'retrying', attempts = GREATEST(attempts - 1, 0), next_attempt_at = $4, lease_until = NULL,
         updated_at = $4 WHERE ${FENCE}`,
      delivery,
      [now],
    );
  }

  async sweepLapsed(now: number, restarting: boolean): Promise<LeasedDelivery[]> {
    // Two instances sweeping at once: the second waits for the first's row locks, re-checks `status = 'sending'`
    // and passes over what the first turned, so each delivery is turned once.
    const result = await this.#pool.query(
      `UPDATE deliveries SET status = 'retrying', next_attempt_at = $1, lease_until = NULL, updated_at = $1
       WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= $1 OR ($2 AND claimed_by = $3))
       RETURNING *`,
      [now, restarting, this.instanceId],
    );
    return result.rows.map(leasedFromRow);
  }

  async nextDueAt(): Promise<number | null> {
    const row: unknown = (await this.#pool.query("SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE status IN ('pending', 'retrying')")).rows[0];
    return v.parse(NextRow, row).next;
  }

  async find(id: string): Promise<LeasedDelivery | undefined> {
    const row: unknown = (await this.#pool.query('SELECT * FROM deliveries WHERE id = $1', [id])).rows[0];
    return row === undefined ? undefined : leasedFromRow(row);
  }

  async countOfImage(imageId: string): Promise<number> {
    const row: unknown = (await this.#pool.query('SELECT COUNT(*) AS total FROM deliveries WHERE image_id = $1', [imageId])).rows[0];
    return v.parse(CountRow, row).total;
  }

  async #settle(outcome: Settled, sql: string, delivery: LeasedDelivery, values: unknown[]): Promise<Settled> {
    const result = await this.#pool.query(sql, [delivery.id, this.instanceId, delivery.attempts, ...values]);
    return result.rowCount === 1 ? outcome : 'stale';
  }
}
