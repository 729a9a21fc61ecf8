import { describe, expect, it } from 'vitest';
import { DELIVERY } from '../limits';
import { mayRetry, retryDelayMs } from './retry-delay';

describe('webhook retry backoff', () => {
  it('doubles from the base: 10, 20, 40, 80, 160 s without jitter', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, middle))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it('spreads each delay by at most ±20 %', () => {
    expect(retryDelayMs(1, 10_000, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, () => 0.999_999)).toBe(12_000);
  });

  it('allows 5 retries after the first attempt, no more', () => {
    expect(DELIVERY.maxRetries).toBe(5);
    expect([1, 2, 3, 4, 5, 6].map(mayRetry)).toEqual([true, true, true, true, true, false]);
  });
});
