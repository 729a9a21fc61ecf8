import type { FastifyReply } from 'fastify';
import { Errors, type HttpError } from './errors';

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

  /** The bucket as `hit` would see it, without counting: `allowed` is false once the limit is used up. */
  peek(bucket: string, limit: number): RateLimitResult {
    const now = this.now();
    const window = this.#windows.get(bucket);
    const count = window === undefined || window.resetAt <= now ? 0 : window.count;
    return { allowed: count < limit, limit, remaining: Math.max(0, limit - count), resetAt: window?.resetAt ?? now };
  }

  #sweep(now: number, windowMs: number): void {
    if (now - this.#lastSweep < windowMs) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

/** Sets the X-RateLimit-* headers and throws 429 (with Retry-After) when the hit was refused. */
export function applyRateLimit(reply: FastifyReply, result: RateLimitResult, now: number): void {
  const headers = rateLimitHeaders(result);
  reply.headers(headers);
  if (!result.allowed) throw rateLimitError(result, now);
}

export const rateLimitHeaders = (result: RateLimitResult): Record<string, string> => ({
  'x-ratelimit-limit': String(result.limit),
  'x-ratelimit-remaining': String(result.remaining),
  'x-ratelimit-reset': String(Math.ceil(result.resetAt / 1000)),
});

/** The 429 of a refused hit, its X-RateLimit-* headers and Retry-After included. */
export function rateLimitError(result: RateLimitResult, now: number): HttpError {
  const retryAfter = Math.max(1, Math.ceil((result.resetAt - now) / 1000));
  return Errors.rateLimited(retryAfter, rateLimitHeaders(result));
}
