import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSignature } from '../integrator/request-signing';
import { auth, makeTestApp, type TestApp, TEST_API_KEY } from '../test/helpers';

/** Signs as the Java 0.2.0 / newer Go and Ruby SDKs do, written out here from API.md (not with the server's code). */
function sign(secret: string, ts: string, method: string, path: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `sha256=${createHmac('sha256', secret).update(`${ts}.${method}.${path}.${bodyHash}`).digest('hex')}`;
}

describe('request signing (X-Aptr-Signature / X-Aptr-Timestamp)', () => {
  let test: TestApp;
  let app: FastifyInstance;
  let secret: string;
  const keyId = `key_${createHash('sha256').update(TEST_API_KEY).digest('hex').slice(0, 24)}`;
  const now = () => String(Math.floor(Date.now() / 1000));

  beforeEach(async () => {
    test = await makeTestApp();
    app = test.app;
    const issued = await app.inject({ method: 'POST', url: `/api/v1/projects/qrdrop/keys/${keyId}/signing-secret`, headers: auth() });
    expect(issued.statusCode).toBe(201);
    secret = issued.json().signingSecret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
  });
  afterEach(() => test.close());

  const post = (body: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: { ...auth(), 'content-type': 'application/json', ...headers }, payload: body });

  it("matches API.md's known answer", () => {
    const bodyHash = createHash('sha256').update('{"a":1}').digest('hex');
    const known = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    expect(requestSignature(known, '1800000000', 'POST', '/api/v1/upload-sessions', bodyHash)).toBe(
      'sha256=d5bf88c946aa6cf4397749eacd05cf058e6828878f9b1c84830cb7c07a234d3e',
    );
    expect(sign(known, '1800000000', 'POST', '/api/v1/upload-sessions', '{"a":1}')).toBe('sha256=d5bf88c946aa6cf4397749eacd05cf058e6828878f9b1c84830cb7c07a234d3e');
  });

  it('accepts a good signature over the raw body; refuses a wrong, tampered or stale one with 401', async () => {
    const body = '{"max_images": 3,  "tags":["signed"]}';
    const ts = now();
    const good = await post(body, { 'x-aptr-timestamp': ts, 'x-aptr-signature': sign(secret, ts, 'POST', '/api/v1/upload-sessions', body) });
    expect(good.statusCode).toBe(201);

    const tampered = await post(body.replace('3', '9'), { 'x-aptr-timestamp': ts, 'x-aptr-signature': sign(secret, ts, 'POST', '/api/v1/upload-sessions', body) });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'bad_signature' });

    const old = String(Number(ts) - 3600);
    const stale = await post(body, { 'x-aptr-timestamp': old, 'x-aptr-signature': sign(secret, old, 'POST', '/api/v1/upload-sessions', body) });
    expect(stale.json()).toMatchObject({ statusCode: 401, code: 'stale_signature' });

    const otherSecret = await post(body, { 'x-aptr-timestamp': ts, 'x-aptr-signature': sign('f'.repeat(64), ts, 'POST', '/api/v1/upload-sessions', body) });
    expect(otherSecret.statusCode).toBe(401);
    const lone = await post(body, { 'x-aptr-signature': sign(secret, ts, 'POST', '/api/v1/upload-sessions', body) });
    expect(lone.statusCode).toBe(401);
  });

  it('signs bodiless requests with the empty body hash, the path with its query', async () => {
    const ts = now();
    const path = '/api/v1/sessions?page=1&pageSize=5';
    const response = await app.inject({ url: path, headers: { ...auth(), 'x-aptr-timestamp': ts, 'x-aptr-signature': sign(secret, ts, 'GET', path, '') } });
    expect(response.statusCode).toBe(200);
    const wrongMethod = await app.inject({ url: path, headers: { ...auth(), 'x-aptr-timestamp': ts, 'x-aptr-signature': sign(secret, ts, 'POST', path, '') } });
    expect(wrongMethod.statusCode).toBe(401);
  });

  it('is optional until the key requires it; then an unsigned request is 401 signature_required', async () => {
    expect((await post('{}', {})).statusCode).toBe(201);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/projects/qrdrop/keys/${keyId}`, headers: auth(), payload: { requireSignature: true } });
    expect(patched.json()).toMatchObject({ requireSignature: true, hasSigningSecret: true });

    const unsigned = await post('{}', {});
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().code).toBe('signature_required');
    const ts = now();
    expect((await post('{}', { 'x-aptr-timestamp': ts, 'x-aptr-signature': sign(secret, ts, 'POST', '/api/v1/upload-sessions', '{}') })).statusCode).toBe(201);
  });
});
