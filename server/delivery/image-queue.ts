import type { LeasedDelivery, LeasedDeliveryQueue } from '../cluster/delivery-queue';
import type { DeliveryQueue } from './scheduler';

/**
 * The photo deliveries as the scheduler's queue: the lease queue (SQLite for `npm start`, PostgreSQL in a cluster),
 * retried with exponential backoff; every write after a claim is fenced by it.
 */
export function imageDeliveryQueue(queue: LeasedDeliveryQueue): DeliveryQueue<LeasedDelivery> {
  return {
    recoverLost: (now, starting) => queue.sweepLapsed(now, starting),
    claimDue: (now, limit) => queue.claimDue(now, limit),
    nextDueAt: () => queue.nextDueAt(),
    find: (id) => queue.find(id),
    record: async (delivery, outcome, interrupted, at) => {
      const settled =
        outcome.kind === 'sent'
          ? await queue.complete(delivery, outcome.location, at)
          : interrupted
            ? await queue.release(delivery, at)
            : await queue.fail(delivery, outcome.error, outcome.kind === 'fail', at);
      return settled !== 'stale';
    },
  };
}
