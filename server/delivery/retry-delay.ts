import { DELIVERY } from '../limits';

/**
 * Exponential backoff with jitter: after the n-th failed attempt wait base·2^(n-1), spread by ±DELIVERY.retryJitter.
 * With the default base of 10 s: about 10, 20, 40, 80 and 160 s before retries 1 to 5.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, failedAttempts - 1);
  const spread = 1 + DELIVERY.retryJitter * (2 * random() - 1);
  return Math.max(1, Math.round(exponential * spread));
}

/** Whether a delivery that has made `attempts` attempts may try again (1 first attempt + maxRetries retries). */
export const mayRetry = (attempts: number): boolean => attempts <= DELIVERY.maxRetries;
