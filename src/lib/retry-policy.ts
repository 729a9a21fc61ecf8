import { REQUEST_RETRY } from './limits';
import { isRequestFailure } from './request-failure';

/**
 * Retry only what can succeed on retry: no answer, 5xx, 408 and 429 (the closed table in
 * http-failure.ts says `retryable`). 404, 409, 410, 422 and friends are final: retrying them only
 * delays the message the person needs. A 429 whose Retry-After is too long is left to "Tap to retry".
 * `failureCount` is the number of failures before this one (0 after the first attempt failed).
 * The phone page (with-retry.ts) and the desktop view's React Query client (query-client.ts) both go by it.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= REQUEST_RETRY.maxRetries || !isRequestFailure(error) || !error.rule.retryable) return false;
  return error.retryAfterMs === undefined || error.retryAfterMs <= REQUEST_RETRY.maxRetryAfterMs;
}

/** Retry-After when the server gave one; otherwise exponential backoff with jitter (phones do not all come back at once after an outage). */
export function retryDelay(attempt: number, error: unknown, random: () => number = Math.random): number {
  if (isRequestFailure(error) && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const ceiling = Math.min(REQUEST_RETRY.maxDelayMs, REQUEST_RETRY.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
