import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';
import { UPLOAD_QUEUE } from './queue-limits';

describe('backoffDelayMs (exponential, equal jitter)', () => {
  const highest = () => 0.999_999;
  const lowest = () => 0;

  it('doubles the ceiling with each failure: at most about 1 s, 2 s, 4 s, 8 s', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelayMs(failures, highest))).toEqual([999, 1999, 3999, 7999]);
  });

  it('always waits at least half the ceiling, so the attempts of a run span seconds, not milliseconds', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelayMs(failures, lowest))).toEqual([500, 1000, 2000, 4000]);
    const shortestRun = [1, 2, 3, 4].reduce((sum, failures) => sum + backoffDelayMs(failures, lowest), 0);
    expect(shortestRun).toBe(7_500);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelayMs(30, highest)).toBe(UPLOAD_QUEUE.backoffCapMs - 1);
  });

  it('spreads retries over the upper half of the ceiling with the random draw', () => {
    expect(backoffDelayMs(3, () => 0.5)).toBe(3000);
  });
});
