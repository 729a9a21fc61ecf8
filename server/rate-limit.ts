import type { FastifyReply } from 'fastify';
import { Errors } from './errors';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, ms since epoch. */
  resetAt: number;
}

/**
 * Fixed-window counters kept in memory, one per bucket key ("key:<id>:create", "session:<id>:upload", ...).
 * A single process owns its limits; windows that ended are swept so memory stays bounded by active buckets.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(bucket: string, limit: number, windowMs: number): RateLimitResult {
    const now = this.now();
    this.#sweep(now, windowMs);
    let window = this.#windows.get(bucket);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(bucket, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count++;
    return { allowed, limit, remaining: Math.max(0, limit - window.count), resetAt: window.resetAt };
  }

  #sweep(now: number, windowMs: number): void {
    if (now - this.#lastSweep < windowMs) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

/** Sets the X-RateLimit-* headers and throws 429 (with Retry-After) when the hit was refused. */
export function applyRateLimit(reply: FastifyReply, result: RateLimitResult, now: number): void {
  const resetSeconds = Math.ceil(result.resetAt / 1000);
  const headers = {
    'x-ratelimit-limit': String(result.limit),
    'x-ratelimit-remaining': String(result.remaining),
    'x-ratelimit-reset': String(resetSeconds),
  };
  reply.headers(headers);
  if (!result.allowed) {
    const retryAfter = Math.max(1, Math.ceil((result.resetAt - now) / 1000));
    throw Errors.rateLimited(retryAfter, headers);
  }
}
