/**
 * The upload queue's limits and timings in one visible place.
 * (The page's other limits are in src/lib/limits.ts; the server's in server/limits.ts.)
 */
export const UPLOAD_QUEUE = {
  /** Two uploads at a time: enough to keep a phone's uplink busy, few enough that each one finishes soon. */
  concurrency: 2,
  /** Network errors, 408 and 5xx: exponential backoff with full jitter, from this base... */
  backoffBaseMs: 1_000,
  /** ...never waiting longer than this between two attempts... */
  backoffCapMs: 30_000,
  /** ...and giving up after this many attempts in a row ("Tap to retry" starts a new run). */
  maxAttempts: 5,
  /**
   * An upload with no byte moving for this long (nor an answer after the last byte) is aborted and
   * retried. Matches the server's idle cut (server/limits.ts TIMEOUTS.idleMs).
   */
  stallTimeoutMs: 30_000,
  /** Stored copies of a session whose expiry the page does not know live this long: a session's longest life (API.md, 168 h). */
  storedCopyFallbackTtlMs: 168 * 3_600_000,
  /** A 429 without a readable Retry-After or X-RateLimit-Reset waits this long. */
  rateLimitFallbackMs: 10_000,
  /** A 429 saying "retry now" still waits this long, so a confused proxy cannot make us hammer the server. */
  rateLimitMinWaitMs: 1_000,
  /** A 429 asking for a longer wait is tried again after this; the server says 429 again if it must. */
  rateLimitMaxWaitMs: 10 * 60_000,
} as const;
