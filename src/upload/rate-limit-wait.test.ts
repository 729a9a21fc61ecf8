import { describe, expect, it } from 'vitest';
import { UPLOAD_QUEUE } from './queue-limits';
import { rateLimitResumeAt } from './rate-limit-wait';

const now = Date.UTC(2026, 4, 1, 12, 0, 0);

describe('rateLimitResumeAt', () => {
  it('reads Retry-After in seconds', () => {
    expect(rateLimitResumeAt({ 'retry-after': '3' }, now)).toBe(now + 3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(rateLimitResumeAt({ 'retry-after': new Date(now + 45_000).toUTCString() }, now)).toBe(now + 45_000);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    expect(rateLimitResumeAt({ 'retry-after': '5', 'x-ratelimit-reset': String(now / 1000 + 50) }, now)).toBe(now + 5000);
  });

  it('reads X-RateLimit-Reset as epoch seconds, or as seconds from now when it is small', () => {
    expect(rateLimitResumeAt({ 'x-ratelimit-reset': String(now / 1000 + 20) }, now)).toBe(now + 20_000);
    expect(rateLimitResumeAt({ 'x-ratelimit-reset': '7' }, now)).toBe(now + 7000);
  });

  it('falls back to a fixed wait when neither header is readable', () => {
    expect(rateLimitResumeAt({ 'retry-after': 'soon', 'x-ratelimit-reset': 'later' }, now)).toBe(now + UPLOAD_QUEUE.rateLimitFallbackMs);
    expect(rateLimitResumeAt({}, now)).toBe(now + UPLOAD_QUEUE.rateLimitFallbackMs);
  });

  it('keeps the wait between the minimum and the maximum', () => {
    expect(rateLimitResumeAt({ 'retry-after': '0' }, now)).toBe(now + UPLOAD_QUEUE.rateLimitMinWaitMs);
    expect(rateLimitResumeAt({ 'retry-after': '86400' }, now)).toBe(now + UPLOAD_QUEUE.rateLimitMaxWaitMs);
  });
});
