import { afterEach, describe, expect, it } from 'vitest';
import { auth, OTHER_API_KEY, type TestApp, makeTestApp } from '../test/helpers';
import { createSession } from '../test/sessions';

describe('per-key rate limits', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  const create = (key?: string) => t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(key), payload: {} });

  it('refuses session creates past RATE_LIMIT_SESSION_CREATES with 429, Retry-After and X-RateLimit-*', async () => {
    t = await makeTestApp({ RATE_LIMIT_SESSION_CREATES: '2' });
    const first = await create();
    expect(first.statusCode).toBe(201);
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    expect((await create()).statusCode).toBe(201);

    const refused = await create();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-limit']).toBe('2');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThan(t.app.qrdrop.now() / 1000);
    expect(await t.rows('SELECT COUNT(*) AS n FROM sessions')).toEqual([{ n: 2 }]);

    // Buckets are per key, and per kind: the other key and reads are not affected.
    expect((await create(OTHER_API_KEY)).statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/sessions', headers: auth() })).statusCode).toBe(200);

    // A new window opens after a minute.
    t.advance(60_000);
    expect((await create()).statusCode).toBe(201);
  });

  it('counts reads (session, list, recent, QR) against RATE_LIMIT_SESSION_READS', async () => {
    t = await makeTestApp({ RATE_LIMIT_SESSION_READS: '4' });
    const { id } = await createSession(t.app);
    for (const url of [`/api/v1/upload-sessions/${id}`, '/api/v1/sessions', '/api/v1/sessions/recent', `/api/v1/upload-sessions/${id}/qr?format=svg`]) {
      expect((await t.app.inject({ url, headers: auth() })).statusCode).toBe(200);
    }
    const refused = await t.app.inject({ url: `/api/v1/upload-sessions/${id}`, headers: auth() });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('counts updates and completes against RATE_LIMIT_OTHER', async () => {
    t = await makeTestApp({ RATE_LIMIT_OTHER: '1' });
    const { id } = await createSession(t.app);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/upload-sessions/${id}`, headers: auth(), payload: { max_images: 3 } });
    expect(patched.statusCode).toBe(200);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/complete`, headers: auth() });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    // Refused means not done.
    const read = await t.app.inject({ url: `/api/v1/upload-sessions/${id}`, headers: auth() });
    expect(read.json().status).toBe('pending');
  });
});
