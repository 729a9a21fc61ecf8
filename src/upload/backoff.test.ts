import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';
import { UPLOAD_QUEUE } from './queue-limits';

describe('backoffDelayMs (exponential, full jitter)', () => {
  const highest = () => 0.999_999;

  it('doubles the ceiling with each failure: about 1 s, 2 s, 4 s, 8 s', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelayMs(failures, highest))).toEqual([999, 1999, 3999, 7999]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelayMs(30, highest)).toBe(UPLOAD_QUEUE.backoffCapMs - 1);
  });

  it('spreads retries between 0 and the ceiling with the random draw', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2000);
  });
});
