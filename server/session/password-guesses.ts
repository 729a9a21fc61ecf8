import { isIPv6 } from 'node:net';
import { PASSWORD_GUESSES } from '../limits';

/** Whether a client may guess now; when not, until when (ms since epoch). */
export type GuessAdmission = { allowed: true; remaining: number; resetAt: number } | { allowed: false; resetAt: number };

interface Counter {
  count: number;
  resetAt: number;
}

/**
 * Wrong password guesses, per (session, client address) and per session, in fixed windows kept in memory
 * (PASSWORD_GUESSES). A guess is reserved before the password is checked, so parallel requests cannot pass the
 * allowance while scrypt runs, and handed back when it was right: a right password never uses up anything.
 */
export class PasswordGuesses {
  readonly #counters = new Map<string, Counter>();
  #lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Reserves one guess for `address` at `sessionId`, or says until when this address is refused. */
  begin(sessionId: string, address: string): GuessAdmission {
    const now = this.now();
    this.#sweep(now);
    const client = clientKey(address);
    const minute = this.#counter(`${sessionId} ${client} m`, PASSWORD_GUESSES.clientWindowMs, now);
    const clientHour = this.#counter(`${sessionId} ${client} h`, PASSWORD_GUESSES.sessionWindowMs, now);
    const session = this.#counter(`${sessionId} h`, PASSWORD_GUESSES.sessionWindowMs, now);
    if (minute.count >= PASSWORD_GUESSES.perClientPerMinute) return { allowed: false, resetAt: minute.resetAt };
    const pastCeiling = session.count >= PASSWORD_GUESSES.perSessionPerHour;
    if (pastCeiling && clientHour.count >= PASSWORD_GUESSES.perClientPerHourPastCeiling) {
      return { allowed: false, resetAt: Math.min(clientHour.resetAt, session.resetAt) };
    }
    for (const counter of [minute, clientHour, session]) counter.count++;
    return { allowed: true, remaining: PASSWORD_GUESSES.perClientPerMinute - minute.count, resetAt: minute.resetAt };
  }

  /** The guess reserved by `begin` was right: it does not count. */
  refund(sessionId: string, address: string): void {
    const client = clientKey(address);
    for (const key of [`${sessionId} ${client} m`, `${sessionId} ${client} h`, `${sessionId} h`]) {
      const counter = this.#counters.get(key);
      if (counter !== undefined && counter.count > 0) counter.count--;
    }
  }

  #counter(key: string, windowMs: number, now: number): Counter {
    let counter = this.#counters.get(key);
    if (counter === undefined || counter.resetAt <= now) {
      counter = { count: 0, resetAt: now + windowMs };
      this.#counters.set(key, counter);
    }
    return counter;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < PASSWORD_GUESSES.clientWindowMs) return;
    this.#lastSweep = now;
    for (const [key, counter] of this.#counters) if (counter.resetAt <= now) this.#counters.delete(key);
  }
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
