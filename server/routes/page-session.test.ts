import { randomBytes, scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB } from '../limits';
import { auth, type TestApp, makeTestApp } from '../test/helpers';
import { addImages, createSession } from '../test/sessions';

const HOUR = 60 * 60 * 1000;
const UNKNOWN_ID = '0b7e6f0e-3c1a-4d2b-8f4e-9a6c5d4b3a21';

/** A session password hash in the stored format at scrypt N = 1024 (the server hashes at 16384). */
function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('page routes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(async () => t.close());

  const readPage = (id: string) => t.app.inject({ url: `/api/v1/upload/${id}/session` });
  const verify = (id: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/upload/${id}/verify-password`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  describe('GET /api/v1/upload/{uuid}/session', () => {
    it('answers the documented fields without an API key, never cached', async () => {
      const created = await createSession(t.app, {
        max_images: 5,
        allowed_mime_types: ['image/jpeg'],
        max_image_dimension: 3000,
        max_image_size_mb: 4,
        tags: ['t'],
        label: 'Invoices',
        password: 'pass-word',
      });
      const response = await readPage(created.id);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.json()).toEqual({
        id: created.id,
        status: 'pending',
        expiresAt: created.expires_at,
        tags: ['t'],
        imagesPerSession: 5,
        effectiveMaxImages: 5,
        effectiveAllowedMimeTypes: ['image/jpeg'],
        effectiveMaxImageDimension: 3000,
        password_protected: true,
        imagesCount: 0,
        effectiveMaxImageSizeBytes: 4 * MB,
        label: 'Invoices',
        e2eEnabled: false,
        e2ePublicKey: null,
        e2eAllowDowngrade: false,
        e2eDowngraded: false,
      });
    });

    it('derives the status: pending, active, completed, expired', async () => {
      const a = await createSession(t.app);
      expect((await readPage(a.id)).json().status).toBe('pending');
      await addImages(t.app, a.id, 1);
      expect((await readPage(a.id)).json()).toMatchObject({ status: 'active', imagesCount: 1 });
      await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${a.id}/complete`, headers: auth() });
      expect((await readPage(a.id)).json().status).toBe('completed');

      const b = await createSession(t.app, { expires_in_hours: 1 });
      t.advance(HOUR);
      const expired = await readPage(b.id);
      // Not a 410: the page chooses its screen from the status and still shows the session's details.
      expect(expired.statusCode).toBe(200);
      expect(expired.json().status).toBe('expired');
    });

    it('answers the same 404 for an unknown id and a malformed one, also no-store', async () => {
      const unknown = await readPage(UNKNOWN_ID);
      const malformed = await readPage('1234');
      expect(unknown.statusCode).toBe(404);
      expect(malformed.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Session not found.', code: 'session_not_found' });
      expect(malformed.json()).toEqual(unknown.json());
      expect(unknown.headers['cache-control']).toBe('no-store');
    });

    it('accepts the id in upper case (same UUID)', async () => {
      const created = await createSession(t.app);
      const response = await readPage(created.id.toUpperCase());
      expect(response.statusCode).toBe(200);
      expect(response.json().id).toBe(created.id);
    });
  });

  describe('POST /api/v1/upload/{uuid}/verify-password', () => {
    it('tells whether the password is right', async () => {
      const created = await createSession(t.app, { password: 'correct horse' });
      expect((await verify(created.id, { password: 'correct horse' })).json()).toEqual({ valid: true });
      expect((await verify(created.id, { password: 'wrong horse' })).json()).toEqual({ valid: false });
      expect((await verify(created.id, { password: '' })).json()).toEqual({ valid: false });
    });

    it('answers valid for any password on a session without one', async () => {
      const created = await createSession(t.app);
      expect((await verify(created.id, { password: 'anything' })).json()).toEqual({ valid: true });
    });

    it.each<[string, unknown, RegExp]>([
      ['no password field', {}, /JSON object with a password/],
      ['a numeric password', { password: 1234 }, /password must be a string/],
      ['a body that is not an object', 'abcd', /JSON object with a password/],
      ['an overlong password', { password: 'x'.repeat(129) }, /password must be at most 128 characters/],
    ])('answers 400 for %s', async (_label, payload, message) => {
      const created = await createSession(t.app, { password: 'abcd' });
      const response = await verify(created.id, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(message);
    });

    it('answers 404 for unknown and malformed ids', async () => {
      expect((await verify(UNKNOWN_ID, { password: 'abcd' })).statusCode).toBe(404);
      expect((await verify('x', { password: 'abcd' })).statusCode).toBe(404);
    });

    const guessFrom = (id: string, password: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/upload/${id}/verify-password`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ password }),
        remoteAddress,
      });

    it('lets a guesser make 10 wrong guesses a minute, then 429 with Retry-After for that client alone', async () => {
      const created = await createSession(t.app, { password: 'right-one' });
      for (let i = 0; i < 10; i++) {
        const guess = await guessFrom(created.id, `guess-${i}`, '203.0.113.7');
        expect(guess.json()).toEqual({ valid: false });
        expect(guess.headers['x-ratelimit-remaining']).toBe(String(9 - i));
      }
      const refused = await guessFrom(created.id, 'right-one', '203.0.113.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ statusCode: 429, code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['x-ratelimit-limit']).toBe('10');
      expect(refused.headers['cache-control']).toBe('no-store');
      // Any other address still guesses; this one again after a minute.
      expect((await guessFrom(created.id, 'x', '203.0.113.8')).statusCode).toBe(200);
      t.advance(60_000);
      expect((await guessFrom(created.id, 'right-one', '203.0.113.7')).json()).toEqual({ valid: true });
    });

    it("accepts the right password from another client after a guesser's 20 wrong attempts", async () => {
      const created = await createSession(t.app, { password: 'right-one' });
      const answers = [];
      for (let i = 0; i < 20; i++) answers.push((await guessFrom(created.id, `guess-${i}`, '198.51.100.9')).statusCode);
      expect(answers.filter((status) => status === 429)).toHaveLength(10);
      const phone = await guessFrom(created.id, 'right-one', '192.0.2.44');
      expect(phone.statusCode).toBe(200);
      expect(phone.json()).toEqual({ valid: true });
    });

    it('never counts right passwords, and bounds a session to 100 wrong guesses an hour plus 3 per new address', async () => {
      const created = await createSession(t.app, { password: 'right-one' });
      // ~135 checks: stored at a low scrypt cost (verification reads N from the stored hash), so the test is about
      // the counting, not about how fast a loaded machine runs 135 full-cost scrypts.
      t.app.qrdrop.db.prepare('UPDATE sessions SET password_hash = ? WHERE id = ?').run(cheapHash('right-one'), created.id);
      for (let i = 0; i < 30; i++) expect((await guessFrom(created.id, 'right-one', '192.0.2.44')).json()).toEqual({ valid: true });
      // 10 addresses × 10 wrong guesses reach the session's ceiling within the minute.
      for (let a = 0; a < 10; a++) for (let i = 0; i < 10; i++) await guessFrom(created.id, `g${i}`, `198.51.100.${a}`);
      t.advance(60_000);
      // Past the ceiling those addresses stay refused for the hour; a new one is checked for 3 wrong guesses.
      expect((await guessFrom(created.id, 'right-one', '198.51.100.0')).statusCode).toBe(429);
      const fresh = [];
      for (let i = 0; i < 4; i++) fresh.push((await guessFrom(created.id, `n${i}`, '203.0.113.50')).statusCode);
      expect(fresh).toEqual([200, 200, 200, 429]);
      expect((await guessFrom(created.id, 'right-one', '192.0.2.44')).json()).toEqual({ valid: true });
      t.advance(60 * 60_000);
      expect((await guessFrom(created.id, 'right-one', '198.51.100.0')).json()).toEqual({ valid: true });
    });
  });
});
