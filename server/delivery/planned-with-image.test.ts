import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { storedFiles, upload } from '../test/upload-helpers';
import { planDeliveries } from './delivery-plan';
import { createSession, createWebhook, type Receiver, startApp, startReceiver, tempDir } from '../test/delivery-fixtures';

/**
 * A photo and its deliveries are committed in one transaction (one database fsync per upload): a committed
 * photo always has its deliveries, and a photo whose deliveries cannot be planned is not kept.
 */
describe('deliveries planned in the transaction that stores the photo', () => {
  let dataDir: string;
  let folder: string;
  let app: FastifyInstance;
  let receiver: Receiver;

  beforeEach(async () => {
    dataDir = tempDir();
    folder = tempDir();
    app = await startApp(dataDir, { DELIVERY_FOLDER: folder });
    receiver = await startReceiver();
    await createWebhook(app, receiver.url, { is_default: true });
  });
  afterEach(async () => {
    await app.close();
    await receiver.close();
    for (const dir of [dataDir, folder]) fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = (sql: string, ...params: unknown[]): number => Number(app.qrdrop.db.prepare(sql).pluck().get(...params));

  it('has every destination planned by the time of the 201 (the webhook and the folder)', async () => {
    const sessionId = await createSession(app);
    const response = await upload(app, sessionId, makeJpeg(32, 24));

    expect(response.statusCode).toBe(201);
    const body: unknown = response.json();
    expect(body).toMatchObject({ destinations: 2 });
    const imageId = typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : '';
    expect(count('SELECT COUNT(*) FROM deliveries WHERE image_id = ?', imageId)).toBe(2);
    expect(count('SELECT COUNT(*) FROM delivery_plans WHERE image_id = ?', imageId)).toBe(1);
  });

  it('keeps nothing of a photo whose deliveries cannot be planned, and its slot stays free', async () => {
    const sessionId = await createSession(app, { max_images: 1 });
    app.qrdrop.db.exec(`CREATE TRIGGER planning_fails BEFORE INSERT ON delivery_plans BEGIN SELECT RAISE(ABORT, 'planning failed'); END`);

    const failed = await upload(app, sessionId, makeJpeg(32, 24));
    expect(failed.statusCode).toBe(500);
    expect(count('SELECT COUNT(*) FROM images WHERE session_id = ?', sessionId)).toBe(0);
    expect(count('SELECT COUNT(*) FROM deliveries')).toBe(0);
    expect((await storedFiles(app))).toEqual({ images: [], incoming: [] });

    app.qrdrop.db.exec('DROP TRIGGER planning_fails');
    const retried = await upload(app, sessionId, makeJpeg(32, 24));
    expect(retried.statusCode).toBe(201);
    expect(app.qrdrop.db.prepare('SELECT idx FROM images WHERE session_id = ?').pluck().all(sessionId)).toEqual([1]);
    expect(count('SELECT COUNT(*) FROM deliveries')).toBe(2);
  });

  it('plans each of the photos that win a slot, once, and nothing for the ones refused', async () => {
    const sessionId = await createSession(app, { max_images: 5 });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(app, sessionId, makeJpeg(24 + i, 24))));

    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(5).fill(201), ...Array(15).fill(422)]);
    expect(count('SELECT COUNT(*) FROM images')).toBe(5);
    expect(count('SELECT COUNT(*) FROM delivery_plans')).toBe(5);
    const perImage = app.qrdrop.db
      .prepare('SELECT COUNT(d.id) FROM images i LEFT JOIN deliveries d ON d.image_id = i.id GROUP BY i.id')
      .pluck()
      .all();
    expect(perImage).toEqual([2, 2, 2, 2, 2]);
  });

  it('plans a photo once when the same Idempotency-Key is sent again', async () => {
    const sessionId = await createSession(app);
    const headers = { 'idempotency-key': 'same-photo-1' };
    const first = await upload(app, sessionId, makeJpeg(32, 24), { headers });
    const again = await upload(app, sessionId, makeJpeg(32, 24), { headers });

    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(count('SELECT COUNT(*) FROM deliveries')).toBe(2);
  });

  it('refuses to plan outside a transaction, where the photo could commit without its deliveries', () => {
    expect(() => planDeliveries(app.qrdrop.db, { id: 'any', sessionId: 'any' }, true, Date.now())).toThrow(/inside the transaction/);
  });
});
