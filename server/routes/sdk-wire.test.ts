import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, createWebhook, folderListed, type Receiver, removeData, startApp, startReceiver, tempDir, untilStatus, withFolder } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/**
 * Wire compatibility with Apertur's public SDKs (Go, Rust, Node, Python...), whose response types decode some
 * fields strictly: a Go `int` or a Rust `u32` refuses an array, a Rust `String` refuses a missing field or an
 * object. Each test pins the JSON type an SDK decodes, on top of what API.md says.
 */
describe('upload reply as the SDKs decode it', () => {
  let dataDir: string;
  let app: FastifyInstance;
  let receiver: Receiver | undefined;

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir, withFolder(path.join(dataDir, 'out')));
  });
  afterEach(async () => {
    await app.close();
    await receiver?.close();
    receiver = undefined;
    await removeData(dataDir);
  });

  it('counts the destinations the photo goes to (an integer), the same on an Idempotency-Key replay', async () => {
    receiver = await startReceiver();
    const webhook = await createWebhook(app, receiver.url);
    const sessionId = await createSession(app, { destination_ids: [webhook.id] });
    const headers = { 'idempotency-key': 'sdk-retry-1' };

    const first = await upload(app, sessionId, makeJpeg(32, 24), { headers });
    const again = await upload(app, sessionId, makeJpeg(32, 24), { headers });

    expect(first.statusCode).toBe(201);
    // The named webhook and the DELIVERY_FOLDER copy (where the backend has a folder).
    expect(first.json()).toMatchObject({ destinations: 1 + folderListed.length });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('is 0, not an empty list, when the photo goes nowhere but long polling', async () => {
    await app.close();
    app = await startApp(dataDir);
    const sessionId = await createSession(app, { long_polling: true });

    const response = await upload(app, sessionId, makeJpeg(32, 24));

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(String), filename: 'photo.jpg', size_bytes: expect.any(Number), destinations: 0, long_polling: true });
  });
});

describe('session replies as the SDKs decode them', () => {
  let dataDir: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir, withFolder(path.join(dataDir, 'out')));
  });
  afterEach(async () => {
    await app.close();
    await removeData(dataDir);
  });

  it('create: every field an SDK requires, qr_specs.params a map of strings, destinations as {id, type, name}', async () => {
    const defaultHook = await createWebhook(app, 'https://hooks.example.org/in', { name: 'CRM', is_default: true });
    await createWebhook(app, 'https://hooks.example.org/other', { name: 'Not default' });

    const response = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: { tags: ['odoo:res.partner:42'] } });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      uuid: expect.any(String),
      upload_url: expect.any(String),
      qr_url: expect.any(String),
      qr_specs: { endpoint: expect.any(String), formats: ['png', 'svg', 'jpeg'] },
      long_polling: false,
      expires_at: expect.any(String),
      password_protected: false,
      env: 'test',
    });
    const params: Record<string, unknown> = body.qr_specs.params;
    expect(Object.keys(params).sort()).toEqual(['bg', 'borderColor', 'borderSize', 'fg', 'format', 'size', 'style']);
    for (const value of Object.values(params)) expect(typeof value).toBe('string');
    // No session destination_ids: the key's default webhook, then the folder of DELIVERY_FOLDER.
    expect(body.destinations).toEqual([{ id: defaultHook.id, type: 'webhook', name: 'CRM' }, ...folderListed]);
  });

  it('read, update and complete carry the same destination objects', async () => {
    const hook = await createWebhook(app, 'https://hooks.example.org/in', { name: 'CRM' });
    const sessionId = await createSession(app, { destination_ids: [hook.id] });
    const expected = [{ id: hook.id, type: 'webhook', name: 'CRM' }, ...folderListed];
    const url = `/api/v1/upload-sessions/${sessionId}`;

    const read = await app.inject({ url, headers: auth() });
    const updated = await app.inject({ method: 'PATCH', url, headers: auth(), payload: { max_images: 5 } });
    const completed = await app.inject({ method: 'POST', url: `${url}/complete`, headers: auth() });

    for (const response of [read, updated, completed]) {
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: sessionId, status: expect.any(String), expiresAt: expect.any(String), destinations: expected });
    }
  });
});

describe('list rows as the SDKs decode them', () => {
  let dataDir: string;
  let app: FastifyInstance;
  const receivers: Receiver[] = [];

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir);
  });
  afterEach(async () => {
    await app.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await removeData(dataDir);
  });

  it('carry the project and the delivered, failed and destination counts, in /sessions and /sessions/recent', async () => {
    const accepting = await startReceiver(() => 200);
    const refusing = await startReceiver(() => 500);
    receivers.push(accepting, refusing);
    const good = await createSession(app, { destination_ids: [(await createWebhook(app, accepting.url)).id] });
    const bad = await createSession(app, { destination_ids: [(await createWebhook(app, refusing.url)).id] });
    const idle = await createSession(app);
    for (const sessionId of [good, bad]) expect((await upload(app, sessionId, makeJpeg(32, 24))).statusCode).toBe(201);
    await untilStatus(app, good, (body) => body.files[0]?.destinations[0]?.status === 'sent');
    await untilStatus(app, bad, (body) => body.files[0]?.destinations[0]?.status === 'failed');

    const recent = await app.inject({ url: '/api/v1/sessions/recent', headers: auth() });
    const page = await app.inject({ url: '/api/v1/sessions?page=1&pageSize=10', headers: auth() });

    const project = { projectId: 'qrdrop', projectName: 'qrdrop' };
    const expected = [
      { id: idle, ...project, imagesCount: 0, imagesDelivered: 0, imagesFailed: 0, destinationsCount: 0 },
      { id: bad, ...project, imagesCount: 1, imagesDelivered: 0, imagesFailed: 1, destinationsCount: 1 },
      { id: good, ...project, imagesCount: 1, imagesDelivered: 1, imagesFailed: 0, destinationsCount: 1 },
    ].map((row) => expect.objectContaining(row));
    expect(recent.json()).toEqual(expected);
    expect(page.json().data).toEqual(expected);
  });
});
