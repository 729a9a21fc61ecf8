import { isIPv6 } from 'node:net';
import { PASSWORD_GUESSES } from '../limits';
import { MemoryRateWindows, type RateWindowStore } from '../rate-windows';

/** Whether a client may guess now; when not, until when (ms since epoch). */
export type GuessAdmission = { allowed: true; remaining: number; resetAt: number } | { allowed: false; resetAt: number };

/**
 * Wrong password guesses, per (session, client address) and per session, in fixed windows (PASSWORD_GUESSES) kept
 * in a RateWindowStore: memory for one process, PostgreSQL in a cluster, so a guesser gets the same allowance
 * whichever instances its guesses reach. A guess is counted before the password is checked, so parallel requests
 * cannot pass the allowance while scrypt runs, and handed back when it was right: a right password never uses up
 * anything. Counting first and judging the counts after (a refused guess is handed back) keeps it exact when
 * guesses arrive at once on several instances: each gets its own count, so only 10 of them can be within 10.
 */
export class PasswordGuesses {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly store: RateWindowStore = new MemoryRateWindows(),
  ) {}

  /** Reserves one guess for `address` at `sessionId`, or says until when this address is refused. */
  async begin(sessionId: string, address: string): Promise<GuessAdmission> {
    const now = this.now();
    const buckets = guessBuckets(sessionId, address);
    const [minuteBucket, clientHourBucket, sessionBucket] = buckets;
    const [minute, clientHour, session] = await this.store.add(
      [
        { bucket: minuteBucket, windowMs: PASSWORD_GUESSES.clientWindowMs },
        { bucket: clientHourBucket, windowMs: PASSWORD_GUESSES.sessionWindowMs },
        { bucket: sessionBucket, windowMs: PASSWORD_GUESSES.sessionWindowMs },
      ],
      now,
    );
    if (minute === undefined || clientHour === undefined || session === undefined) throw new Error('the rate window store answered too few windows');
    // The counts include this guess: "more than the allowance" is "the allowance was used up before it".
    const refusedUntil =
      minute.count > PASSWORD_GUESSES.perClientPerMinute
        ? minute.resetAt
        : session.count > PASSWORD_GUESSES.perSessionPerHour && clientHour.count > PASSWORD_GUESSES.perClientPerHourPastCeiling
          ? Math.min(clientHour.resetAt, session.resetAt)
          : undefined;
    if (refusedUntil === undefined) {
      return { allowed: true, remaining: PASSWORD_GUESSES.perClientPerMinute - minute.count, resetAt: minute.resetAt };
    }
    await this.store.takeBack(buckets, now);
    return { allowed: false, resetAt: refusedUntil };
  }

  /** The guess reserved by `begin` was right: it does not count. */
  async refund(sessionId: string, address: string): Promise<void> {
    await this.store.takeBack(guessBuckets(sessionId, address), this.now());
  }
}

/** The three windows a guess counts in: the client's minute, the client's hour, the session's hour. */
function guessBuckets(sessionId: string, address: string): [string, string, string] {
  const client = clientKey(address);
  return [`guess:${sessionId}:${client}:minute`, `guess:${sessionId}:${client}:hour`, `guess:${sessionId}:hour`];
}

/**
 * The unit a guesser is counted by: an IPv4 address (also when written IPv4-mapped), or an IPv6 address's /64,
 * since one IPv6 host is usually given a whole /64 and could otherwise guess from a fresh address each time.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(address)) return address;
  return expandIPv6(address).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
