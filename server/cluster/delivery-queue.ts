import * as v from 'valibot';
import { type Delivery, deliveryFromRow } from '../delivery/delivery-store';
import { mayRetry, retryDelayMs } from '../delivery/retry-delay';
import { DELIVERY } from '../limits';

/** A delivery as its claimer holds it: who claimed it last and until when the claim holds (null once settled). */
export interface LeasedDelivery extends Delivery {
  claimedBy: string | null;
  leaseUntil: number | null;
}

/** What a settling write did: `stale` when the claim had been lost (lease lapsed and reclaimed): nothing written. */
export type Settled = 'sent' | 'retrying' | 'failed' | 'released' | 'stale';

/**
 * The photo deliveries as a queue shared by many instances (issue 13), which the scheduler drains
 * (delivery/image-queue.ts). Each instance claims due deliveries under its own name for DELIVERY.leaseMs; every
 * later write about a claimed delivery is fenced by that claim (claimer, attempt number, still `sending`), so an
 * instance that was presumed dead and comes back cannot overwrite the newer attempt. The lease sweep turns a lapsed
 * claim into a retry due at once: the next claim takes the same delivery (same id, so a receiver that did get the
 * lost attempt can tell), with the lost attempt counted, as a crash on one node always counted.
 * Two implementations, one contract (delivery-queue.cluster.test.ts): SQLite (sqlite-delivery-queue.ts, `npm start`)
 * and PostgreSQL (pg-delivery-queue.ts).
 */
export interface LeasedDeliveryQueue {
  /** This instance's name, written as `claimed_by`. */
  readonly instanceId: string;
  /**
   * Takes up to `limit` deliveries due at `now` (pending or retrying whose time has come), earliest first; marks
   * them `sending` under this instance, counting the attempt. However many instances claim at once, each delivery
   * goes to one of them.
   */
  claimDue(now: number, limit: number): Promise<LeasedDelivery[]>;
  /**
   * The lease sweep: every `sending` delivery whose claim lapsed by `now` becomes `retrying`, due at once, its
   * attempt still counted; so does one without a lease (claimed by a release before leases). `restarting`: this
   * instance has just started, so its earlier claims under the same name are dead too, whatever their lease says
   * (how a restart of `npm start` resends at once what a crash cut). Returns the deliveries it turned.
   */
  sweepLapsed(now: number, restarting: boolean): Promise<LeasedDelivery[]>;
  /** The attempt succeeded. */
  complete(delivery: LeasedDelivery, location: string | null, now: number): Promise<Settled>;
  /**
   * The attempt failed: retried after the usual backoff while attempts remain (retry-delay.ts), failed otherwise
   * or when `permanent` (trying again cannot help).
   */
  fail(delivery: LeasedDelivery, error: string, permanent: boolean, now: number): Promise<Settled>;
  /** Shutdown cut the attempt short: it did not really happen. Due again at once, uncounted. */
  release(delivery: LeasedDelivery, now: number): Promise<Settled>;
  /** When the next claim could find something: the earliest due pending or retrying delivery, or null. */
  nextDueAt(): Promise<number | null>;
  find(id: string): Promise<LeasedDelivery | undefined>;
  /** How many destinations one photo goes to (its planned deliveries, whatever their state). */
  countOfImage(imageId: string): Promise<number>;
}

export interface LeaseQueueOptions {
  instanceId: string;
  retryBaseMs: number;
  leaseMs?: number;
  random?: () => number;
}

/** The settled state a failed attempt leads to, with the time of the next attempt when there is one. */
export function afterFailure(
  delivery: LeasedDelivery,
  permanent: boolean,
  now: number,
  options: LeaseQueueOptions,
): { status: 'retrying'; nextAttemptAt: number } | { status: 'failed' } {
  if (permanent || !mayRetry(delivery.attempts)) return { status: 'failed' };
  return { status: 'retrying', nextAttemptAt: now + retryDelayMs(delivery.attempts, options.retryBaseMs, options.random) };
}

export const clipError = (text: string): string =>
  text.length <= DELIVERY.lastErrorMaxLength ? text : `${text.slice(0, DELIVERY.lastErrorMaxLength - 1)}…`;

/** The lease columns of a `deliveries` row; the rest is parsed by delivery-store.ts's own parser. */
const LeaseColumns = v.object({
  claimed_by: v.nullable(v.string()),
  lease_until: v.nullable(v.number()),
});

export const leasedFromRow = (row: unknown): LeasedDelivery => {
  const lease = v.parse(LeaseColumns, row);
  return { ...deliveryFromRow(row), claimedBy: lease.claimed_by, leaseUntil: lease.lease_until };
};

