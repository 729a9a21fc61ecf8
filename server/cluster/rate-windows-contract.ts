import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD_GUESSES, RATE_LIMITS } from '../limits';
import { RateLimiter } from '../rate-limit';
import type { RateWindowStore } from '../rate-windows';
import { PasswordGuesses } from '../session/password-guesses';

/** Two instances' stores on one set of windows (PostgreSQL: two pools; memory: one process, so one store twice). */
export interface RateWindowsUnderTest {
  a: RateWindowStore;
  b: RateWindowStore;
  close: () => Promise<void>;
}

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const UPLOADS = RATE_LIMITS.uploadsPerSession;
const WINDOW_MS = RATE_LIMITS.windowMs;
const GUESSES = PASSWORD_GUESSES.perClientPerMinute;

/**
 * What rate limits and password guesses promise on any RateWindowStore (server/rate-windows.ts), as one suite:
 * the memory of `npm start` and PostgreSQL's `rate_windows` run it alike, each with a limiter per "instance", so a
 * limit is the same whichever instance a request reaches.
 */
export function rateWindowsContract(name: string, open: () => Promise<RateWindowsUnderTest>): void {
  describe(`rate windows contract: ${name}`, () => {
    let subject: RateWindowsUnderTest | undefined;
    let clock = NOW;
    const now = () => clock;
    afterEach(async () => {
      await subject?.close();
      subject = undefined;
      clock = NOW;
    });
    const instances = async () => {
      subject = await open();
      const { a, b } = subject;
      return {
        limiters: [new RateLimiter(now, a), new RateLimiter(now, b)] as const,
        guesses: [new PasswordGuesses(now, a), new PasswordGuesses(now, b)] as const,
      };
    };
    const bucket = (id: string) => `session:${id}:upload`;

    it('refuses the 31st upload hit whichever instance gets it, with the headers of one window', async () => {
      const { limiters } = await instances();
      for (let i = 0; i < UPLOADS; i++) {
        const result = await limiters[i % 2]!.hit(bucket('s1'), UPLOADS, WINDOW_MS);
        expect(result).toEqual({ allowed: true, limit: UPLOADS, remaining: UPLOADS - i - 1, resetAt: NOW + WINDOW_MS });
        clock++;
      }
      for (const limiter of limiters) {
        expect(await limiter.hit(bucket('s1'), UPLOADS, WINDOW_MS)).toEqual({ allowed: false, limit: UPLOADS, remaining: 0, resetAt: NOW + WINDOW_MS });
        expect(await limiter.peek(bucket('s1'), UPLOADS)).toMatchObject({ allowed: false, remaining: 0 });
      }
      // Another session's bucket is its own.
      expect(await limiters[1].hit(bucket('s2'), UPLOADS, WINDOW_MS)).toMatchObject({ allowed: true, remaining: UPLOADS - 1 });
    });

    it('peeks without counting', async () => {
      const { limiters } = await instances();
      expect(await limiters[0].peek(bucket('s1'), 2)).toEqual({ allowed: true, limit: 2, remaining: 2, resetAt: NOW });
      await limiters[0].hit(bucket('s1'), 2, WINDOW_MS);
      for (let i = 0; i < 3; i++) expect(await limiters[1].peek(bucket('s1'), 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: NOW + WINDOW_MS });
      expect(await limiters[1].hit(bucket('s1'), 2, WINDOW_MS)).toMatchObject({ allowed: true, remaining: 0 });
      expect(await limiters[0].peek(bucket('s1'), 2)).toMatchObject({ allowed: false, remaining: 0 });
    });

    it('counts hits made at once on both instances exactly: 30 of 80 allowed, each with its own remaining', async () => {
      const { limiters } = await instances();
      const results = await Promise.all(Array.from({ length: 80 }, (_, i) => limiters[i % 2]!.hit(bucket('s1'), UPLOADS, WINDOW_MS)));
      const allowed = results.filter((result) => result.allowed);
      expect(allowed).toHaveLength(UPLOADS);
      expect(allowed.map((result) => result.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: UPLOADS }, (_, i) => i));
      expect(new Set(results.map((result) => result.resetAt))).toEqual(new Set([NOW + WINDOW_MS]));
    });

    it('starts a new window once the last one ended (the clock injected), on either instance', async () => {
      const { limiters } = await instances();
      for (let i = 0; i <= UPLOADS; i++) await limiters[i % 2]!.hit(bucket('s1'), UPLOADS, WINDOW_MS);
      clock = NOW + WINDOW_MS - 1;
      expect((await limiters[1].hit(bucket('s1'), UPLOADS, WINDOW_MS)).allowed).toBe(false);
      clock = NOW + WINDOW_MS;
      expect(await limiters[1].peek(bucket('s1'), UPLOADS)).toEqual({ allowed: true, limit: UPLOADS, remaining: UPLOADS, resetAt: clock });
      expect(await limiters[1].hit(bucket('s1'), UPLOADS, WINDOW_MS)).toEqual({ allowed: true, limit: UPLOADS, remaining: UPLOADS - 1, resetAt: NOW + 2 * WINDOW_MS });
      expect(await limiters[0].hit(bucket('s1'), UPLOADS, WINDOW_MS)).toMatchObject({ allowed: true, remaining: UPLOADS - 2 });
    });

    it('refuses the 11th wrong password whichever instance gets it; a right one is handed back and uses up nothing', async () => {
      const { guesses } = await instances();
      for (let i = 0; i < 5; i++) {
        expect(await guesses[i % 2]!.begin('s1', '203.0.113.7')).toMatchObject({ allowed: true });
        await guesses[(i + 1) % 2]!.refund('s1', '203.0.113.7');
      }
      for (let i = 0; i < GUESSES; i++) {
        expect(await guesses[i % 2]!.begin('s1', '203.0.113.7')).toEqual({ allowed: true, remaining: GUESSES - i - 1, resetAt: NOW + PASSWORD_GUESSES.clientWindowMs });
      }
      for (const instance of guesses) {
        expect(await instance.begin('s1', '203.0.113.7')).toEqual({ allowed: false, resetAt: NOW + PASSWORD_GUESSES.clientWindowMs });
        // The same guesser from another address of its IPv4-mapped form is the same client; another client is not refused.
        expect((await instance.begin('s1', '::ffff:203.0.113.7')).allowed).toBe(false);
      }
      expect(await guesses[1].begin('s1', '198.51.100.9')).toMatchObject({ allowed: true, remaining: GUESSES - 1 });
      clock = NOW + PASSWORD_GUESSES.clientWindowMs;
      expect(await guesses[0].begin('s1', '203.0.113.7')).toMatchObject({ allowed: true, remaining: GUESSES - 1 });
    });

    it('lets exactly 10 of 30 wrong guesses made at once on both instances through', async () => {
      const { guesses } = await instances();
      const admissions = await Promise.all(Array.from({ length: 30 }, (_, i) => guesses[i % 2]!.begin('s1', '2001:db8:1:2::7')));
      expect(admissions.filter((admission) => admission.allowed)).toHaveLength(GUESSES);
      // The refused ones were handed back: after the window, the client has its whole allowance again.
      clock = NOW + PASSWORD_GUESSES.clientWindowMs;
      expect(await guesses[1].begin('s1', '2001:db8:1:2::8')).toMatchObject({ allowed: true, remaining: GUESSES - 1 });
    });

    it("past the session's hourly ceiling, an address is checked only while it has few wrong guesses that hour", async () => {
      const { guesses } = await instances();
      const addresses = Array.from({ length: PASSWORD_GUESSES.perSessionPerHour / GUESSES }, (_, i) => `192.0.2.${i + 1}`);
      for (const [i, address] of addresses.entries()) {
        for (let n = 0; n < GUESSES; n++) expect((await guesses[(i + n) % 2]!.begin('s1', address)).allowed).toBe(true);
      }
      for (let n = 0; n < PASSWORD_GUESSES.perClientPerHourPastCeiling; n++) expect((await guesses[n % 2]!.begin('s1', '198.51.100.1')).allowed).toBe(true);
      const refused = await guesses[1].begin('s1', '198.51.100.1');
      expect(refused).toEqual({ allowed: false, resetAt: NOW + PASSWORD_GUESSES.sessionWindowMs });
      expect((await guesses[0].begin('s1', '198.51.100.2')).allowed).toBe(true);
      expect((await guesses[0].begin('other', '198.51.100.1')).allowed).toBe(true);
    });
  });
}
