import type { Db } from '../db';
import {
  claimDue,
  type Delivery,
  findDelivery,
  markFailed,
  markRetrying,
  markSent,
  nextDueAt,
  recoverCrashed,
  releaseInterrupted,
} from './delivery-store';
import { mayRetry, retryDelayMs } from './retry-delay';
import type { DeliveryQueue } from './scheduler';

/** The photo deliveries (`deliveries` table) as the scheduler's queue, retried with exponential backoff. */
export function imageDeliveryQueue(db: Db, retryBaseMs: number, random?: () => number): DeliveryQueue<Delivery> {
  return {
    recoverCrashed: (now) => void recoverCrashed(db, now),
    claimDue: (now, limit) => claimDue(db, now, limit),
    nextDueAt: () => nextDueAt(db),
    find: (id) => findDelivery(db, id),
    record: (delivery, outcome, interrupted, at) => {
      if (outcome.kind === 'sent') markSent(db, delivery.id, outcome.location, at);
      else if (interrupted) releaseInterrupted(db, delivery.id, at);
      else if (outcome.kind === 'retry' && mayRetry(delivery.attempts)) {
        markRetrying(db, delivery.id, outcome.error, at + retryDelayMs(delivery.attempts, retryBaseMs, random), at);
      } else markFailed(db, delivery.id, outcome.error, at);
    },
  };
}
