/** Rate limits: the RateLimiter, and how a hit becomes X-RateLimit-* headers or a 429. */
import type { FastifyReply } from 'fastify';
import { Errors, type HttpError } from './errors';
import { MemoryRateWindows, type RateWindowStore } from './rate-windows';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, ms since epoch. */
  resetAt: number;
}

/**
 * Fixed-window limits per bucket key ("key:<id>:create", "session:<id>:upload", ...), counted in a RateWindowStore:
 * memory for one process (the default), PostgreSQL in a cluster, where every instance counts against the same
 * windows so that a limit is the limit of the whole cluster, not of each instance.
 */
export class RateLimiter {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly store: RateWindowStore = new MemoryRateWindows(),
  ) {}

  /**
   * Counts a hit; allowed while the window's count, this hit included, is within `limit`. A refused hit is counted
   * too (the store knows no limits), which nothing can see: past the limit every hit is refused until the window
   * ends, and `remaining` stays 0.
   */
  async hit(bucket: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const [window] = await this.store.add([{ bucket, windowMs }], this.now());
    if (window === undefined) throw new Error('the rate window store answered no window');
    return { allowed: window.count <= limit, limit, remaining: Math.max(0, limit - window.count), resetAt: window.resetAt };
  }

  /** The bucket as `hit` would see it, without counting: `allowed` is false once the limit is used up. */
  async peek(bucket: string, limit: number): Promise<RateLimitResult> {
    const now = this.now();
    const window = await this.store.read(bucket, now);
    const count = window?.count ?? 0;
    return { allowed: count < limit, limit, remaining: Math.max(0, limit - count), resetAt: window?.resetAt ?? now };
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
