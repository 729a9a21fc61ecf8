import { describe, expect, it } from 'vitest';
import { RequestFailure } from './request-failure';
import { retryDelay, shouldRetry } from './retry-policy';

const failure = (status: number | null, retryAfterMs?: number) => new RequestFailure({ status, retryAfterMs });

describe('shouldRetry', () => {
  it.each([null, 500, 502, 503, 504, 408, 429])('retries %s', (status) => {
    expect(shouldRetry(0, failure(status))).toBe(true);
    expect(shouldRetry(2, failure(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 410, 413, 415, 422])('never retries %s', (status) => {
    expect(shouldRetry(0, failure(status))).toBe(false);
  });

  it('stops after three retries', () => {
    expect(shouldRetry(3, failure(503))).toBe(false);
  });

  it('treats a malformed 200 (captive portal page) as a connection problem', () => {
    expect(shouldRetry(0, new RequestFailure({ status: 200, malformed: true }))).toBe(true);
  });

  it('does not retry programming errors', () => {
    expect(shouldRetry(0, new TypeError('x is undefined'))).toBe(false);
  });

  it('does not silently wait for a very long Retry-After', () => {
    expect(shouldRetry(0, failure(429, 5_000))).toBe(true);
    expect(shouldRetry(0, failure(429, 600_000))).toBe(false);
  });
});

describe('retryDelay', () => {
  it('waits what Retry-After says', () => {
    expect(retryDelay(0, failure(429, 7_000))).toBe(7_000);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(retryDelay(0, failure(503), () => 0)).toBe(500);
    expect(retryDelay(0, failure(503), () => 1)).toBe(1_000);
    expect(retryDelay(2, failure(503), () => 0)).toBe(2_000);
    expect(retryDelay(2, failure(503), () => 1)).toBe(4_000);
    expect(retryDelay(10, failure(null), () => 1)).toBe(15_000);
  });
});
