import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, makeTestApp, OTHER_API_KEY, type TestApp } from '../test/helpers';

describe('/api/v1/destinations', () => {
  let test: TestApp;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await makeTestApp();
    app = test.app;
  });
  afterEach(() => test.close());

  const create = (payload: Record<string, unknown>, key?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(key), payload });

  it('creates a webhook and shows its secret once', async () => {
    const created = await create({ type: 'webhook', name: 'CRM', url: 'https://hooks.example.org/in', format: 'json_base64', is_default: true });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String),
      type: 'webhook',
      name: 'CRM',
      url: 'https://hooks.example.org/in',
      format: 'json_base64',
      is_default: true,
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
    });

    const listed = await app.inject({ url: '/api/v1/destinations', headers: auth() });
    const { secret: _secret, ...publicView } = body;
    expect(listed.json()).toEqual([publicView]);
    expect(listed.body).not.toContain(body.secret);
  });

  it('keeps each key to its own destinations', async () => {
    const created = (await create({ type: 'webhook', name: 'Mine', url: 'https://hooks.example.org/a' })).json();
    expect((await app.inject({ url: '/api/v1/destinations', headers: auth(OTHER_API_KEY) })).json()).toEqual([]);
    const foreignDelete = await app.inject({ method: 'DELETE', url: `/api/v1/destinations/${created.id}`, headers: auth(OTHER_API_KEY) });
    expect(foreignDelete.statusCode).toBe(404);

    const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/destinations/${created.id}`, headers: auth() });
    expect(deleted.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/destinations', headers: auth() })).json()).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/destinations/${created.id}`, headers: auth() })).statusCode).toBe(404);
  });

  it.each(['http://127.0.0.1/hook', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook', 'http://[::1]/hook'])(
    'refuses %s with 400 unless private webhooks are allowed',
    async (url) => {
      const refused = await create({ type: 'webhook', name: 'x', url });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'url_not_allowed', message: expect.stringMatching(/private, loopback or link-local/) });

      const allowing = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
      try {
        const accepted = await allowing.app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(), payload: { type: 'webhook', name: 'x', url } });
        expect(accepted.statusCode).toBe(201);
      } finally {
        await allowing.close();
      }
    },
  );

  it('refuses folders, bad fields and missing keys with clear errors', async () => {
    const folder = await create({ type: 'folder', name: 'disk', url: '/etc' });
    expect(folder.statusCode).toBe(400);
    expect(folder.json().message).toMatch(/DELIVERY_FOLDER/);
    expect((await create({ type: 'webhook', url: 'https://hooks.example.org/a' })).json().message).toMatch(/name/);
    expect((await create({ type: 'webhook', name: 'x', url: 'https://hooks.example.org/a', format: 'xml' })).json().message).toMatch(/format/);
    expect((await create({ type: 'webhook', name: 'x', url: 'ftp://example.org' })).statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/destinations', payload: { type: 'webhook', name: 'x', url: 'https://a.example' } });
    expect(anonymous.statusCode).toBe(401);
  });
});
