import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, createWebhook, type Receiver, removeData, startApp, startReceiver, tempDir, untilStatus } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth, OTHER_API_KEY } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/** Apertur's SDK `uploads.list`, `uploads.recent` and `stats.get`, scoped to the caller's key like `/sessions`. */
describe('uploads and stats as the SDKs decode them', () => {
  let dataDir: string;
  let app: FastifyInstance;
  const receivers: Receiver[] = [];

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir, { QRDROP_API_KEYS: `aptr_test_0123456789abcdef0123,${OTHER_API_KEY}` });
  });
  afterEach(async () => {
    await app.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await removeData(dataDir);
  });

  const settled = (sessionId: string) =>
    untilStatus(app, sessionId, (body) => body.files.every((file) => file.destinations.every((d) => d.status === 'sent' || d.status === 'failed')));

  it('rows carry per-destination counts and a status: delivered, failed, partial, stored_only; pages like /sessions', async () => {
    const accepting = await startReceiver(() => 200);
    const refusing = await startReceiver(() => 500);
    receivers.push(accepting, refusing);
    const good = (await createWebhook(app, accepting.url)).id;
    const bad = (await createWebhook(app, refusing.url)).id;
    const delivered = await createSession(app, { destination_ids: [good] });
    const failed = await createSession(app, { destination_ids: [bad] });
    const partial = await createSession(app, { destination_ids: [good, bad] });
    const storedOnly = await createSession(app, { long_polling: true });
    const ids: Record<string, string> = {};
    for (const [name, sessionId] of Object.entries({ delivered, failed, partial, storedOnly })) {
      const response = await upload(app, sessionId, makeJpeg(32, 24));
      expect(response.statusCode).toBe(201);
      ids[name] = response.json().id;
    }
    for (const sessionId of [delivered, failed, partial]) await settled(sessionId);
    // Another key's photo is in none of the answers.
    const foreign = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(OTHER_API_KEY), payload: {} });
    expect((await upload(app, foreign.json().id, makeJpeg(8, 8))).statusCode).toBe(201);

    const recent = await app.inject({ url: '/api/v1/uploads/recent', headers: auth() });
    expect(recent.statusCode).toBe(200);
    const row = (id: string | undefined, sessionId: string, counts: object) =>
      expect.objectContaining({ id, sessionId, projectId: 'qrdrop', projectName: 'qrdrop', filename: 'photo.jpg', mimeType: 'image/jpeg', source: 'camera', isEncrypted: false, env: 'test', ...counts });
    expect(recent.json()).toEqual([
      row(ids.storedOnly, storedOnly, { destinationsTotal: 0, destinationsDelivered: 0, destinationsFailed: 0, destinationsBreakdown: [], status: 'stored_only' }),
      row(ids.partial, partial, { destinationsTotal: 2, destinationsDelivered: 1, destinationsFailed: 1, destinationsBreakdown: [{ type: 'webhook', count: 2 }], status: 'partial' }),
      row(ids.failed, failed, { destinationsTotal: 1, destinationsDelivered: 0, destinationsFailed: 1, status: 'failed' }),
      row(ids.delivered, delivered, { destinationsTotal: 1, destinationsDelivered: 1, destinationsFailed: 0, status: 'delivered' }),
    ]);
    for (const r of recent.json()) {
      expect(typeof r.sizeBytes).toBe('number');
      expect(Date.parse(r.createdAt)).not.toBeNaN();
    }

    const page2 = await app.inject({ url: '/api/v1/uploads?page=2&pageSize=3', headers: auth() });
    expect(page2.json()).toEqual({ data: [expect.objectContaining({ id: ids.delivered })], total: 4, page: 2, pageSize: 3, totalPages: 2 });
    expect((await app.inject({ url: '/api/v1/uploads/recent?limit=1', headers: auth() })).json()).toHaveLength(1);
    expect((await app.inject({ url: '/api/v1/uploads?page=0', headers: auth() })).statusCode).toBe(400);

    const stats = await app.inject({ url: '/api/v1/stats', headers: auth() });
    expect(stats.statusCode).toBe(200);
    // Deliveries: good 1 sent, bad 1 failed, partial 1 sent + 1 failed → 2 of 4 finished ones sent.
    expect(stats.json()).toEqual({
      sessionsThisMonth: 4,
      sessionsTotal: 4,
      imagesUploaded: 4,
      imagesDelivered: 1,
      deliverySuccessRate: 0.5,
      totalProjects: 1,
      activeKeys: 1,
      topProjects: [{ id: 'qrdrop', name: 'qrdrop', sessions: 4 }],
    });
    const theirs = await app.inject({ url: '/api/v1/stats', headers: auth(OTHER_API_KEY) });
    expect(theirs.json()).toMatchObject({ sessionsTotal: 1, imagesUploaded: 1, imagesDelivered: 0, deliverySuccessRate: 0 });
    expect((await app.inject({ url: '/api/v1/uploads', headers: auth(OTHER_API_KEY) })).json().total).toBe(1);
  });

  it('needs a key', async () => {
    for (const url of ['/api/v1/uploads', '/api/v1/uploads/recent', '/api/v1/stats']) expect((await app.inject({ url })).statusCode).toBe(401);
  });
});
