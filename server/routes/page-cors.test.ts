import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSse } from '../test/sse-client';
import { type Cleanup, createSession, listeningApp } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/** An integrator's own uploader on another origin uses the page routes; the integrator routes stay same-origin. */
describe('CORS on the page routes', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });
  const origin = { origin: 'https://uploader.example.org' };

  it('answers preflights and lets any origin read the session, verify a password and upload, without credentials', async () => {
    const { app } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: 'open sesame' });

    const preflight = await app.inject({
      method: 'OPTIONS',
      url: `/api/v1/upload/${sessionId}/images`,
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-session-password, idempotency-key' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('x-session-password');
    expect(preflight.headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const read = await app.inject({ url: `/api/v1/upload/${sessionId}/session`, headers: origin });
    const verify = await app.inject({ method: 'POST', url: `/api/v1/upload/${sessionId}/verify-password`, headers: origin, payload: { password: 'open sesame' } });
    const sent = await upload(app, sessionId, makeJpeg(8, 8), { headers: { ...origin, 'x-session-password': 'open sesame' } });
    for (const response of [read, verify, sent]) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-expose-headers']).toContain('retry-after');
    }
    expect(verify.json()).toEqual({ valid: true });
  });

  it('the event stream carries the header too', async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app);
    const stream = await openSse(`${base}/api/v1/upload/${sessionId}/events`, origin);
    cleanup.push(() => stream.close());
    expect(stream.status).toBe(200);
    expect(stream.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('integrator routes get no CORS headers', async () => {
    const { app }: { app: FastifyInstance } = await listeningApp(cleanup);
    const created = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: { ...auth(), ...origin }, payload: {} });
    expect(created.statusCode).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/upload-sessions', headers: { ...origin, 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect((await app.inject({ url: '/api/v1/projects/qrdrop/keys', headers: { ...auth(), ...origin } })).headers['access-control-allow-origin']).toBeUndefined();
  });
});
