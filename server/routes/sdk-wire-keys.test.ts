import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, makeTestApp, OTHER_API_KEY, TEST_API_KEY, type TestApp } from '../test/helpers';

/**
 * Apertur's SDK key methods (Node `keys.list/create/update/delete/setDestinations`, Python the same) against
 * `/api/v1/projects/{projectId}/keys` and `PUT /api/v1/keys/{keyId}/destinations`.
 */
describe('API keys as the SDKs call them', () => {
  let test: TestApp;
  let app: FastifyInstance;
  const base = '/api/v1/projects/qrdrop/keys';
  const configuredId = (key: string) => `key_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

  beforeEach(async () => {
    test = await makeTestApp();
    app = test.app;
  });
  afterEach(() => test.close());

  const createKey = async (payload: Record<string, unknown>, key = TEST_API_KEY) => {
    const response = await app.inject({ method: 'POST', url: base, headers: auth(key), payload });
    expect(response.statusCode).toBe(201);
    return response.json<{ key: { id: string }; plainTextKey: string }>();
  };

  it('create shows the key once and stores only its SHA-256; the new key works and is listed with its limits', async () => {
    const created = await createKey({ label: 'Kiosk', maxImages: 3, allowedMimeTypes: ['image/png'], maxImageDimension: 2000 });

    expect(created.plainTextKey).toMatch(/^aptr_test_[0-9a-f]{48}$/);
    const hash = createHash('sha256').update(created.plainTextKey).digest('hex');
    expect(created.key).toEqual({
      id: `key_${hash.slice(0, 24)}`,
      prefix: created.plainTextKey.slice(0, 14),
      label: 'Kiosk',
      env: 'test',
      isActive: true,
      lastUsedAt: null,
      maxImages: 3,
      allowedMimeTypes: ['image/png'],
      maxImageDimension: 2000,
      longPollingEnabled: false,
      defaultDestinations: [],
      allowedIps: [],
      allowedDomains: [],
      totpEnabled: false,
      clientCertEnabled: false,
      clientCertFingerprint: null,
      createdAt: expect.any(String),
      source: 'api',
      requireSignature: false,
      hasSigningSecret: false,
    });
    const [stored] = await test.rows('SELECT * FROM api_keys WHERE id = $1', [created.key.id]);
    expect(JSON.stringify(stored)).not.toContain(created.plainTextKey);
    expect(stored).toMatchObject({ key_hash: hash });

    // The new key authenticates, and its limits are the defaults of its sessions (the request still wins).
    const session = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(created.plainTextKey), payload: {} });
    expect(session.statusCode).toBe(201);
    const read = await app.inject({ url: `/api/v1/upload/${session.json().id}/session` });
    expect(read.json()).toMatchObject({ effectiveMaxImages: 3, effectiveAllowedMimeTypes: ['image/png'], effectiveMaxImageDimension: 2000 });
    const explicit = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(created.plainTextKey), payload: { max_images: 7 } });
    expect((await app.inject({ url: `/api/v1/upload/${explicit.json().id}/session` })).json()).toMatchObject({ effectiveMaxImages: 7 });

    const listed = await app.inject({ url: base, headers: auth() });
    expect(listed.statusCode).toBe(200);
    const rows: { id: string; source: string; prefix: string; lastUsedAt: string | null }[] = listed.json();
    expect(rows.map((row) => [row.id, row.source])).toEqual([
      [configuredId(TEST_API_KEY), 'config'],
      [created.key.id, 'api'],
    ]);
    expect(rows[0]?.prefix).toBe(TEST_API_KEY.slice(0, 14));
    expect(rows[1]?.lastUsedAt).toEqual(expect.any(String));
    expect(listed.body).not.toContain(created.plainTextKey);
  });

  it('update changes the limits; delete answers 204 with no body and the key stops working', async () => {
    const created = await createKey({ label: 'Temp' });
    const patched = await app.inject({
      method: 'PATCH',
      url: `${base}/${created.key.id}`,
      headers: auth(),
      payload: { label: 'Renamed', maxImages: null, allowedIps: ['203.0.113.0/24'], allowedDomains: ['shop.example.org'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: created.key.id, label: 'Renamed', maxImages: null, allowedIps: ['203.0.113.0/24'], allowedDomains: ['shop.example.org'] });

    const removed = await app.inject({ method: 'DELETE', url: `${base}/${created.key.id}`, headers: auth() });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await app.inject({ url: '/api/v1/sessions', headers: auth(created.plainTextKey) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `${base}/${created.key.id}`, headers: auth() })).statusCode).toBe(404);
  });

  it('switched off, a key is refused (401); allowedIps and allowedDomains refuse other addresses and sites with 403', async () => {
    const created = await createKey({ label: 'Guarded' });
    const use = () => app.inject({ url: '/api/v1/sessions', headers: auth(created.plainTextKey), remoteAddress: '198.51.100.7' });
    const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `${base}/${created.key.id}`, headers: auth(), payload });

    await patch({ allowedIps: ['203.0.113.0/24'] });
    const refused = await use();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'ip_not_allowed' });
    await patch({ allowedIps: ['198.51.100.0/24'] });
    expect((await use()).statusCode).toBe(200);

    await patch({ isActive: false });
    expect((await use()).statusCode).toBe(401);
    await patch({ isActive: true });
    expect((await use()).statusCode).toBe(200);
    expect((await patch({ allowedIps: ['not-an-ip'] })).statusCode).toBe(400);

    await patch({ allowedIps: [], allowedDomains: ['shop.example.org', '*.example.net'] });
    const from = (origin?: string) =>
      app.inject({ url: '/api/v1/sessions', headers: { ...auth(created.plainTextKey), ...(origin === undefined ? {} : { origin }) } });
    expect((await from('https://shop.example.org')).statusCode).toBe(200);
    expect((await from('https://a.example.net')).statusCode).toBe(200);
    expect((await from()).statusCode).toBe(200);
    const elsewhere = await from('https://evil.example.com');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().code).toBe('domain_not_allowed');
  });

  it('a configured key is listed but cannot be deleted (403)', async () => {
    const response = await app.inject({ method: 'DELETE', url: `${base}/${configuredId(TEST_API_KEY)}`, headers: auth() });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ statusCode: 403, code: 'key_configured' });
    expect((await app.inject({ url: '/api/v1/sessions', headers: auth() })).statusCode).toBe(200);
  });

  it("a key sees only itself and the keys it made: another key's are 404 everywhere", async () => {
    const mine = await createKey({ label: 'Mine' });
    const theirs = await app.inject({ url: base, headers: auth(OTHER_API_KEY) });
    expect(theirs.json().map((row: { id: string }) => row.id)).toEqual([configuredId(OTHER_API_KEY)]);
    for (const [method, url] of [
      ['PATCH', `${base}/${mine.key.id}`],
      ['DELETE', `${base}/${mine.key.id}`],
      ['DELETE', `${base}/${configuredId(TEST_API_KEY)}`],
      ['PUT', `/api/v1/keys/${mine.key.id}/destinations`],
    ] as const) {
      const response = await app.inject({ method, url, headers: auth(OTHER_API_KEY), payload: { label: 'x', destination_ids: [] } });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('key_not_found');
    }
    expect((await app.inject({ url: '/api/v1/projects/other/keys', headers: auth() })).json().code).toBe('project_not_found');
  });

  it('PUT /keys/{id}/destinations sets the default destinations and long polling of new sessions', async () => {
    const hook = (await app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(), payload: { type: 'webhook', name: 'CRM', url: 'https://hooks.example.org/in' } })).json();
    const keyId = configuredId(TEST_API_KEY);

    const put = await app.inject({ method: 'PUT', url: `/api/v1/keys/${keyId}/destinations`, headers: auth(), payload: { destination_ids: [hook.id], long_polling_enabled: true } });

    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ destinations: [{ id: hook.id, type: 'webhook', name: 'CRM', isActive: true }], longPollingEnabled: true });
    const session = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: {} });
    expect(session.json()).toMatchObject({ long_polling: true, destinations: [{ id: hook.id, type: 'webhook', name: 'CRM' }] });
    const listed = (await app.inject({ url: base, headers: auth() })).json();
    expect(listed[0]).toMatchObject({ longPollingEnabled: true, defaultDestinations: [{ id: hook.id, type: 'webhook', name: 'CRM', isActive: true }] });

    const foreign = (await app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(OTHER_API_KEY), payload: { type: 'webhook', name: 'X', url: 'https://hooks.example.org/x' } })).json();
    const bad = await app.inject({ method: 'PUT', url: `/api/v1/keys/${keyId}/destinations`, headers: auth(), payload: { destination_ids: [foreign.id] } });
    expect(bad.statusCode).toBe(400);
    const cleared = await app.inject({ method: 'PUT', url: `/api/v1/keys/${keyId}/destinations`, headers: auth(), payload: { destination_ids: [] } });
    expect(cleared.json()).toEqual({ destinations: [], longPollingEnabled: true });
  });

  it('validates like every other route: 400 with the envelope, 401 without a key', async () => {
    const bad = await app.inject({ method: 'POST', url: base, headers: auth(), payload: { label: '', maxImages: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    expect((await app.inject({ url: base })).statusCode).toBe(401);
  });
});
