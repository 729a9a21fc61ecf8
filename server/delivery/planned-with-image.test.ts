import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { storedFiles, upload } from '../test/upload-helpers';
import { planDeliveries } from './delivery-plan';
import { createSession, createWebhook, dataRows, type Receiver, removeData, startApp, startReceiver, tempDir, withFolder } from '../test/delivery-fixtures';
import { onCluster } from '../test/helpers';

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
    app = await startApp(dataDir, withFolder(folder));
    receiver = await startReceiver();
    await createWebhook(app, receiver.url, { is_default: true });
  });
  afterEach(async () => {
    await app.close();
    await receiver.close();
    await removeData(dataDir);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The webhook, and the folder where the backend has one. */
  const perPhoto = onCluster ? 1 : 2;
  const column = (rows: unknown[]): unknown[] => rows.map((row) => Object.values(row as object)[0]);
  const count = async (sql: string, ...params: unknown[]): Promise<number> => Number(column(await dataRows(dataDir, sql, params))[0]);
  /** Makes every planning fail (a trigger on delivery_plans), or, with `false`, succeed again. */
  async function planningFails(fails: boolean): Promise<void> {
    if (!onCluster) {
      app.qrdrop.db.exec(fails ? `CREATE TRIGGER planning_fails BEFORE INSERT ON delivery_plans BEGIN SELECT RAISE(ABORT, 'planning failed'); END` : 'DROP TRIGGER planning_fails');
      return;
    }
    await dataRows(
      dataDir,
      fails
        ? `CREATE FUNCTION planning_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planning failed'; END $$;
           CREATE TRIGGER planning_fails BEFORE INSERT ON delivery_plans FOR EACH ROW EXECUTE FUNCTION planning_fails()`
        : 'DROP TRIGGER planning_fails ON delivery_plans',
    );
  }

  it('has every destination planned by the time of the 201 (the webhook and the folder)', async () => {
    const sessionId = await createSession(app);
    const response = await upload(app, sessionId, makeJpeg(32, 24));

    expect(response.statusCode).toBe(201);
    const body: unknown = response.json();
    expect(body).toMatchObject({ destinations: perPhoto });
    const imageId = typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : '';
    expect(await count('SELECT COUNT(*) FROM deliveries WHERE image_id = $1', imageId)).toBe(perPhoto);
    expect(await count('SELECT COUNT(*) FROM delivery_plans WHERE image_id = $1', imageId)).toBe(1);
  });

  it('keeps nothing of a photo whose deliveries cannot be planned, and its slot stays free', async () => {
    const sessionId = await createSession(app, { max_images: 1 });
    await planningFails(true);

    const failed = await upload(app, sessionId, makeJpeg(32, 24));
    expect(failed.statusCode).toBe(500);
    expect(await count('SELECT COUNT(*) FROM images WHERE session_id = $1', sessionId)).toBe(0);
    expect(await count('SELECT COUNT(*) FROM deliveries')).toBe(0);
    expect((await storedFiles(app))).toEqual({ images: [], incoming: [] });

    await planningFails(false);
    const retried = await upload(app, sessionId, makeJpeg(32, 24));
    expect(retried.statusCode).toBe(201);
    expect(column(await dataRows(dataDir, 'SELECT idx FROM images WHERE session_id = $1', [sessionId])).map(Number)).toEqual([1]);
    expect(await count('SELECT COUNT(*) FROM deliveries')).toBe(perPhoto);
  });

  it('plans each of the photos that win a slot, once, and nothing for the ones refused', async () => {
    const sessionId = await createSession(app, { max_images: 5 });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(app, sessionId, makeJpeg(24 + i, 24))));

    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(5).fill(201), ...Array(15).fill(422)]);
    expect(await count('SELECT COUNT(*) FROM images')).toBe(5);
    expect(await count('SELECT COUNT(*) FROM delivery_plans')).toBe(5);
    const perImage = column(await dataRows(dataDir, 'SELECT COUNT(d.id) FROM images i LEFT JOIN deliveries d ON d.image_id = i.id GROUP BY i.id'));
    expect(perImage.map(Number)).toEqual(Array(5).fill(perPhoto));
  });

  it('plans a photo once when the same Idempotency-Key is sent again', async () => {
    const sessionId = await createSession(app);
    const headers = { 'idempotency-key': 'same-photo-1' };
    const first = await upload(app, sessionId, makeJpeg(32, 24), { headers });
    const again = await upload(app, sessionId, makeJpeg(32, 24), { headers });

    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count('SELECT COUNT(*) FROM deliveries')).toBe(perPhoto);
  });

  // SQLite's planDeliveries is synchronous and could be called bare; the cluster's runs on the insert's connection.
  it.skipIf(onCluster)('refuses to plan outside a transaction, where the photo could commit without its deliveries', () => {
    expect(() => planDeliveries(app.qrdrop.db, { id: 'any', sessionId: 'any' }, true, Date.now())).toThrow(/inside the transaction/);
  });
});
