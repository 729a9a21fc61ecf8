import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { auth, makeTestApp, type TestApp } from '../test/helpers';

/** INTEGRATOR_CORS_ORIGINS: a browser app on a listed origin may call the integrator routes; no other origin may. */
describe('operator-listed CORS origins on the integrator routes', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const listed = 'https://dashboard.example.com';
  const start = async () => {
    t = await makeTestApp({ INTEGRATOR_CORS_ORIGINS: `${listed}/, http://localhost:5173` });
    return t.app;
  };

  it('answers a listed origin’s preflight and echoes it on answers, errors included; never `*`, never credentials', async () => {
    const app = await start();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/projects/qrdrop/webhooks/wh_1',
      headers: { origin: listed, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization, x-aptr-signature' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.body).toBe('');
    expect(preflight.headers['access-control-allow-origin']).toBe(listed);
    expect(preflight.headers['access-control-allow-methods']).toContain('DELETE');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    expect(preflight.headers['access-control-allow-headers']).toContain('x-aptr-signature');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(preflight.headers.vary).toContain('origin');

    const created = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: { ...auth(), origin: 'http://localhost:5173' }, payload: {} });
    expect(created.statusCode).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(created.headers['access-control-expose-headers']).toContain('x-ratelimit-remaining');
    const refused = await app.inject({ url: '/api/v1/sessions', headers: { origin: listed } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(listed);
  });

  it('another origin gets no CORS header and a 403 preflight; the page routes keep their own `*`', async () => {
    const app = await start();
    const other = { origin: 'https://evil.example.net' };
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/upload-sessions', headers: { ...other, 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.json()).toMatchObject({ statusCode: 403, code: 'origin_not_allowed' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const read = await app.inject({ url: '/api/v1/sessions', headers: { ...auth(), ...other } });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();

    const session = (await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: {} })).json().id;
    const pagePreflight = await app.inject({ method: 'OPTIONS', url: `/api/v1/upload/${session}/images`, headers: { ...other, 'access-control-request-method': 'POST' } });
    expect(pagePreflight.statusCode).toBe(204);
    expect(pagePreflight.headers['access-control-allow-origin']).toBe('*');
    expect(pagePreflight.headers['access-control-allow-headers']).not.toContain('authorization');
  });

  it('refuses a list entry that is not an origin', () => {
    for (const bad of ['dashboard.example.com', 'https://a.example.com/path', 'ftp://a.example.com', '*']) {
      expect(() => loadConfig({ INTEGRATOR_CORS_ORIGINS: bad })).toThrow(/INTEGRATOR_CORS_ORIGINS/);
    }
    expect(loadConfig({ INTEGRATOR_CORS_ORIGINS: 'https://A.example.com:8443' }).integratorCorsOrigins).toEqual(['https://a.example.com:8443']);
    expect(loadConfig({}).integratorCorsOrigins).toEqual([]);
  });
});
