import { UPLOAD_QUEUE } from './queue-limits';

/**
 * Delay before the next attempt after `failures` failed attempts in a row (1, 2, ...): exponential,
 * ceiling = min(cap, base * 2^(failures-1)), with "equal jitter": half the ceiling for sure, the other
 * half random. The random half keeps many phones that lost the same Wi-Fi from all coming back at the
 * same instant; the sure half keeps a queue from spending all its attempts within a second of an
 * outage (full jitter can draw near-zero waits), so a server restart or a tunnel is ridden out.
 * `random` returns a number in [0, 1).
 */
export function backoffDelayMs(failures: number, random: () => number): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(UPLOAD_QUEUE.backoffCapMs, UPLOAD_QUEUE.backoffBaseMs * 2 ** exponent);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
