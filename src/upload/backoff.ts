import { UPLOAD_QUEUE } from './queue-limits';

/**
 * Delay before the next attempt after `failures` failed attempts in a row (1, 2, ...):
 * "full jitter", a random delay between 0 and min(cap, base * 2^(failures-1)), so that many phones
 * that lost the same Wi-Fi do not all come back at the same instant.
 * `random` returns a number in [0, 1).
 */
export function backoffDelayMs(failures: number, random: () => number): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(UPLOAD_QUEUE.backoffCapMs, UPLOAD_QUEUE.backoffBaseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
