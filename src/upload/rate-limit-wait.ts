import { parseRetryAfter } from '../lib/retry-after';
import { UPLOAD_QUEUE } from './queue-limits';

/** Values of X-RateLimit-Reset above this are epoch seconds; below it, some servers send seconds-from-now. */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

/**
 * When a 429'd queue may send again (epoch ms): `Retry-After` (seconds or HTTP date) first, then
 * `X-RateLimit-Reset` (epoch seconds), else a fallback; always within [min, max] wait (queue-limits.ts).
 * Header names are lower-case.
 */
export function rateLimitResumeAt(headers: Readonly<Record<string, string>>, now: number): number {
  const wait = parseRetryAfter(headers['retry-after'], now) ?? resetWaitMs(headers['x-ratelimit-reset'], now);
  const bounded = Math.min(UPLOAD_QUEUE.rateLimitMaxWaitMs, Math.max(UPLOAD_QUEUE.rateLimitMinWaitMs, wait ?? UPLOAD_QUEUE.rateLimitFallbackMs));
  return now + bounded;
}

function resetWaitMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const seconds = Number(value.trim());
  return seconds > EPOCH_SECONDS_THRESHOLD ? seconds * 1000 - now : seconds * 1000;
}
