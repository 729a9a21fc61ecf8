import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, type Receiver, removeData, startApp, startReceiver, tempDir } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, OTHER_API_KEY } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/**
 * Apertur's SDK destination methods (Node `destinations.list/create/update/delete/test`, Python the same) against
 * `/api/v1/projects/{projectId}/destinations`, as the SDKs send them.
 */
describe('project destinations as the SDKs call them', () => {
  let dataDir: string;
  let app: FastifyInstance;
  let receiver: Receiver | undefined;
  const base = '/api/v1/projects/qrdrop/destinations';

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir);
  });
  afterEach(async () => {
    await app.close();
    await receiver?.close();
    receiver = undefined;
    await removeData(dataDir);
  });

  const create = (payload: unknown, key?: string) => app.inject({ method: 'POST', url: base, headers: auth(key), payload: payload as object });

  it('create shows the secret once in config.secret; list, update and the flat alias show the same store without it', async () => {
    const created = await create({ type: 'webhook', name: 'CRM', config: { url: 'https://hooks.example.org/in', format: 'json_base64' } });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String),
      type: 'webhook',
      name: 'CRM',
      config: { url: 'https://hooks.example.org/in', format: 'json_base64', secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/) },
      isActive: true,
      isDefault: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const listed = await app.inject({ url: base, headers: auth() });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([{ ...body, config: { url: 'https://hooks.example.org/in', format: 'json_base64' } }]);
    expect(listed.body).not.toContain(body.config.secret);

    const patched = await app.inject({ method: 'PATCH', url: `${base}/${body.id}`, headers: auth(), payload: { name: 'ERP', isActive: false, config: { url: 'https://hooks.example.org/v2' } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: body.id, name: 'ERP', isActive: false, config: { url: 'https://hooks.example.org/v2', format: 'json_base64' } });

    const flat = await app.inject({ url: '/api/v1/destinations', headers: auth() });
    expect(flat.json()).toEqual([expect.objectContaining({ id: body.id, name: 'ERP', url: 'https://hooks.example.org/v2' })]);
  });

  it('a switched-off destination gets no photos; switched on again it does', async () => {
    receiver = await startReceiver();
    const id = (await create({ type: 'webhook', name: 'R', config: { url: receiver.url } })).json().id;
    await app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: auth(), payload: { isActive: false } });
    const off = await createSession(app, { destination_ids: [id] });
    expect((await upload(app, off, makeJpeg(16, 16))).json()).toMatchObject({ destinations: 0 });

    await app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: auth(), payload: { isActive: true } });
    const on = await createSession(app, { destination_ids: [id] });
    expect((await upload(app, on, makeJpeg(16, 16))).json()).toMatchObject({ destinations: 1 });
    const [received] = await receiver.waitFor(1);
    expect(received?.headers['x-aptr-session-id']).toBe(on);
  });

  it('delete answers 204 with no body, on the project route and the flat alias', async () => {
    const a = (await create({ type: 'webhook', name: 'A', config: { url: 'https://hooks.example.org/a' } })).json().id;
    const b = (await create({ type: 'webhook', name: 'B', config: { url: 'https://hooks.example.org/b' } })).json().id;

    const first = await app.inject({ method: 'DELETE', url: `${base}/${a}`, headers: auth() });
    const second = await app.inject({ method: 'DELETE', url: `/api/v1/destinations/${b}`, headers: auth() });

    for (const response of [first, second]) {
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers['content-type']).toBeUndefined();
    }
    expect((await app.inject({ url: base, headers: auth() })).json()).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `${base}/${a}`, headers: auth() })).statusCode).toBe(404);
  });

  it('test makes one real delivery, signed with the secret over the raw body, and reports the answer', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 200 : 503));
    const created = (await create({ type: 'webhook', name: 'R', config: { url: receiver.url } })).json();

    const ok = await app.inject({ method: 'POST', url: `${base}/${created.id}/test`, headers: auth() });
    const refused = await app.inject({ method: 'POST', url: `${base}/${created.id}/test`, headers: auth() });

    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ success: true, status: 200, message: expect.any(String) });
    expect(refused.json()).toEqual({ success: false, status: 503, error: 'HTTP 503', message: expect.any(String) });
    const [first] = await receiver.waitFor(2);
    if (first === undefined) throw new Error('no request');
    const expected = `sha256=${createHmac('sha256', created.config.secret).update(first.body).digest('hex')}`;
    expect(first.headers['x-aptr-signature']).toBe(expected);
    expect(first.headers['x-apertur-signature']).toBe(expected);
    expect(JSON.parse(first.body.toString('utf8'))).toMatchObject({ event: 'destination.test', destination_id: created.id });
  });

  it('refuses what qrdrop does not deliver to, naming what it supports', async () => {
    const s3 = await create({ type: 's3', name: 'Bucket', config: { url: 'https://s3.example.org', bucket: 'b' } });
    expect(s3.statusCode).toBe(400);
    expect(s3.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'unsupported_destination_type', message: expect.stringContaining('"webhook"') });
    const noUrl = await create({ type: 'webhook', name: 'X', config: {} });
    expect(noUrl.statusCode).toBe(400);
    expect(noUrl.json().message).toContain('config.url');
  });
});

describe('project destinations: project, key isolation and SSRF', () => {
  it('another project id is 404 project_not_found; a missing key is 401 first', async () => {
    const test = await makeTestApp();
    try {
      const other = await test.app.inject({ url: '/api/v1/projects/proj_123/destinations', headers: auth() });
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'project_not_found' });
      expect((await test.app.inject({ url: '/api/v1/projects/proj_123/destinations' })).statusCode).toBe(401);
    } finally {
      await test.close();
    }
  });

  it("a key cannot see, change, test or delete another key's destination (404); private URLs are refused", async () => {
    const test = await makeTestApp();
    const { app } = test;
    const base = '/api/v1/projects/qrdrop/destinations';
    try {
      const mine = await app.inject({ method: 'POST', url: base, headers: auth(), payload: { type: 'webhook', name: 'M', config: { url: 'https://hooks.example.org/m' } } });
      const id = mine.json().id;
      expect((await app.inject({ url: base, headers: auth(OTHER_API_KEY) })).json()).toEqual([]);
      for (const [method, url] of [['PATCH', `${base}/${id}`], ['DELETE', `${base}/${id}`], ['POST', `${base}/${id}/test`]] as const) {
        const response = await app.inject({ method, url, headers: auth(OTHER_API_KEY), payload: method === 'PATCH' ? { name: 'x' } : undefined });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('destination_not_found');
      }
      const loopback = await app.inject({ method: 'POST', url: base, headers: auth(), payload: { type: 'webhook', name: 'L', config: { url: 'http://127.0.0.1:9/x' } } });
      expect(loopback.statusCode).toBe(400);
      expect(loopback.json().code).toBe('url_not_allowed');
      const repoint = await app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: auth(), payload: { config: { url: 'http://169.254.169.254/latest' } } });
      expect(repoint.statusCode).toBe(400);
    } finally {
      await test.close();
    }
  });
});
