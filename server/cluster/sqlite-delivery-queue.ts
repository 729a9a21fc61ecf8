import * as v from 'valibot';
import { type Db, statement } from '../db';
import {
  afterFailure,
  clipError,
  type LeasedDelivery,
  type LeasedDeliveryQueue,
  leasedFromRow,
  type LeaseQueueOptions,
  type Settled,
} from './delivery-queue';
import { countImageDeliveries } from '../delivery/delivery-store';
import { DELIVERY } from '../limits';

const Ids = v.array(v.object({ id: v.string() }));
const NextRow = v.object({ due: v.nullable(v.number()) });

/** The claimer's fence: the write applies only while this attempt of this claim is still the live one. */
const FENCE = "id = @id AND status = 'sending' AND claimed_by = @me AND attempts = @attempts";

/**
 * The leased queue over SQLite's `deliveries` table. Claims run under BEGIN IMMEDIATE, so two connections (two
 * processes on one file) serialise and never take the same delivery. `npm start` is one process under one name across
 * restarts, so its start-up sweep takes back at once whatever a crash left `sending`.
 */
export class SqliteDeliveryQueue implements LeasedDeliveryQueue {
  readonly instanceId: string;
  readonly #db: Db;
  readonly #options: LeaseQueueOptions;
  readonly #leaseMs: number;

  constructor(db: Db, options: LeaseQueueOptions) {
    this.#db = db;
    this.#options = options;
    this.instanceId = options.instanceId;
    this.#leaseMs = options.leaseMs ?? DELIVERY.leaseMs;
  }

  claimDue(now: number, limit: number): Promise<LeasedDelivery[]> {
    return this.#run(() =>
      this.#db
        .transaction(() => {
          const due = v.parse(
            Ids,
            statement(
              this.#db,
              `SELECT id FROM deliveries
               WHERE status IN ('pending', 'retrying') AND next_attempt_at <= @now
               ORDER BY next_attempt_at, id LIMIT @limit`,
            ).all({ now, limit }),
          );
          const claim = statement(
            this.#db,
            `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = NULL, claimed_by = @me,
               lease_until = @until, updated_at = @now
             WHERE id = @id RETURNING *`,
          );
          return due.map(({ id }) => leasedFromRow(claim.get({ id, me: this.instanceId, until: now + this.#leaseMs, now })));
        })
        .immediate(),
    );
  }

  complete(delivery: LeasedDelivery, location: string | null, now: number): Promise<Settled> {
    return this.#settle(
      'sent',
      `UPDATE deliveries SET status = 'sent', last_error = NULL, location = @location, lease_until = NULL, updated_at = @now WHERE ${FENCE}`,
      delivery,
      { location, now },
    );
  }

  fail(delivery: LeasedDelivery, error: string, permanent: boolean, now: number): Promise<Settled> {
    const next = afterFailure(delivery, permanent, now, this.#options);
    return this.#settle(
      next.status,
      `UPDATE deliveries SET status = @status, last_error = @error, next_attempt_at = @next, lease_until = NULL, updated_at = @now
       WHERE ${FENCE}`,
      delivery,
      { status: next.status, error: clipError(error), next: next.status === 'retrying' ? next.nextAttemptAt : null, now },
    );
  }

  release(delivery: LeasedDelivery, now: number): Promise<Settled> {
    return this.#settle(
      'released',
      `UPDATE deliveries SET status = 'retrying', attempts = MAX(attempts - 1, 0), next_attempt_at = @now, lease_until = NULL,
         updated_at = @now WHERE ${FENCE}`,
      delivery,
      { now },
    );
  }

  sweepLapsed(now: number, restarting: boolean): Promise<LeasedDelivery[]> {
    return this.#run(() =>
      statement(
        this.#db,
        `UPDATE deliveries SET status = 'retrying', next_attempt_at = @now, lease_until = NULL, updated_at = @now
         WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= @now OR (@restarting = 1 AND claimed_by = @me))
         RETURNING *`,
      )
        .all({ now, restarting: restarting ? 1 : 0, me: this.instanceId })
        .map(leasedFromRow),
    );
  }

  nextDueAt(): Promise<number | null> {
    return this.#run(
      () => v.parse(NextRow, statement(this.#db, "SELECT MIN(next_attempt_at) AS due FROM deliveries WHERE status IN ('pending', 'retrying')").get()).due,
    );
  }

  find(id: string): Promise<LeasedDelivery | undefined> {
    return this.#run(() => {
      const row: unknown = statement(this.#db, 'SELECT * FROM deliveries WHERE id = ?').get(id);
      return row === undefined ? undefined : leasedFromRow(row);
    });
  }

  countOfImage(imageId: string): Promise<number> {
    return this.#run(() => countImageDeliveries(this.#db, imageId));
  }

  #settle(outcome: Settled, sql: string, delivery: LeasedDelivery, values: Record<string, unknown>): Promise<Settled> {
    return this.#run(() => {
      const fence = { id: delivery.id, me: this.instanceId, attempts: delivery.attempts };
      return statement(this.#db, sql).run({ ...values, ...fence }).changes === 1 ? outcome : 'stale';
    });
  }

  /** A synchronous SQLite call as a promise: a throw becomes a rejection, as PostgreSQL's errors are. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
