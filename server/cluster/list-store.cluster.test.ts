import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { monthStart } from '../integrator/stats';
import type { ListStore } from './list-store';
import { PgListStore } from './pg-list-store';
import { SqliteListStore } from './sqlite-list-store';
import { type Backend, pgBackend, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const KEY = 'key_lists_a';
const OTHER_KEY = 'key_lists_b';

const BACKENDS: Backend<ListStore>[] = [sqliteBackend((db) => new SqliteListStore(db)), pgBackend((pool) => new PgListStore(pool))];

type Rows = Pick<TwoInstances<unknown>, 'exec'>;

async function seedKeys(db: Rows): Promise<void> {
  for (const id of [KEY, OTHER_KEY]) {
    await db.exec(`INSERT INTO api_keys (id, key_hash, env, created_at) VALUES ($1, $2, 'test', $3)`, [id, `hash-${id}`, NOW]);
  }
}

async function seedKeySession(db: Rows, apiKeyId: string, createdAt: number): Promise<string> {
  const id = newId();
  await db.exec(
    `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, expires_at, max_images, allowed_mime_types, max_image_size_bytes)
     VALUES ($1, $2, 'test', $3, $4, $5, 20, '["image/jpeg"]', 1000000)`,
    [id, apiKeyId, createdAt, createdAt, createdAt + 3_600_000],
  );
  return id;
}

/** A photo of the session with one delivery per status given (to destinations of these types); returns its id. */
async function seedPhoto(db: Rows, sessionId: string, index: number, createdAt: number, deliveries: { status: string; type: 'webhook' | 'folder' }[] = []) {
  const id = newId();
  await db.exec(
    `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, sha256, source, created_at)
     VALUES ($1, $2, $3, 'IMG.jpg', $4, 'image/jpeg', 1000, $5, 'page', $6)`,
    [id, sessionId, index, `${id}.jpg`, 'a'.repeat(64), createdAt],
  );
  for (const [i, delivery] of deliveries.entries()) {
    const destinationId = newId();
    await db.exec(`INSERT INTO destinations (id, type, name, created_at) VALUES ($1, $2, 'Receiver', $3)`, [destinationId, delivery.type, NOW]);
    await db.exec(
      `INSERT INTO deliveries (id, image_id, session_id, destination_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [newId(), id, sessionId, destinationId, delivery.status, NOW + i, NOW + i],
    );
  }
  return id;
}

describe.each(BACKENDS)('the key’s lists and totals on $name', ({ open }) => {
  let backend: TwoInstances<ListStore> | undefined;
  const start = async () => {
    backend = await open();
    await seedKeys(backend);
    return backend;
  };
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('pages the key’s own sessions newest first, with their photo and delivery counts, on either instance', async () => {
    const db = await start();
    const older = await seedKeySession(db, KEY, NOW - 2000);
    const newer = await seedKeySession(db, KEY, NOW - 1000);
    await seedKeySession(db, OTHER_KEY, NOW);
    await seedPhoto(db, newer, 1, NOW, [{ status: 'sent', type: 'webhook' }, { status: 'sent', type: 'webhook' }]);
    await seedPhoto(db, newer, 2, NOW, [{ status: 'sent', type: 'webhook' }, { status: 'failed', type: 'webhook' }]);
    await seedPhoto(db, newer, 3, NOW);

    expect(await db.b.countSessions(KEY)).toBe(2);
    const page = await db.b.listSessions(KEY, 10, 0);
    expect(page.map((row) => row.session.id)).toEqual([newer, older]);
    expect(page.map(({ imagesCount, imagesDelivered, imagesFailed }) => ({ imagesCount, imagesDelivered, imagesFailed }))).toEqual([
      { imagesCount: 3, imagesDelivered: 1, imagesFailed: 1 },
      { imagesCount: 0, imagesDelivered: 0, imagesFailed: 0 },
    ]);
    expect(page[0]?.session).toMatchObject({ apiKeyId: KEY, maxImages: 20, allowedMimeTypes: ['image/jpeg'] });
    expect((await db.a.listSessions(KEY, 1, 1)).map((row) => row.session.id)).toEqual([older]);
    expect(await db.a.listSessions('key_nobody', 10, 0)).toEqual([]);
  });

  it('never repeats or skips a session of the same millisecond across pages', async () => {
    const db = await start();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await seedKeySession(db, KEY, NOW));
    const pages = [];
    for (let offset = 0; offset < 7; offset += 3) pages.push(...(await db.a.listSessions(KEY, 3, offset)));
    expect(pages.map((row) => row.session.id).sort()).toEqual([...ids].sort());
  });

  it('pages the photos of the key’s sessions newest first, each with what its deliveries add up to', async () => {
    const db = await start();
    const session = await seedKeySession(db, KEY, NOW);
    const stored = await seedPhoto(db, session, 1, NOW + 1);
    const delivered = await seedPhoto(db, session, 2, NOW + 2, [{ status: 'sent', type: 'webhook' }]);
    const partial = await seedPhoto(db, session, 3, NOW + 3, [{ status: 'sent', type: 'webhook' }, { status: 'failed', type: 'folder' }]);
    const pending = await seedPhoto(db, session, 4, NOW + 4, [{ status: 'retrying', type: 'webhook' }]);
    await seedPhoto(db, await seedKeySession(db, OTHER_KEY, NOW), 1, NOW + 5);

    expect(await db.b.countUploads(KEY)).toBe(4);
    const rows = await db.b.listUploads(KEY, 10, 0);
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [pending, 'pending'],
      [partial, 'partial'],
      [delivered, 'delivered'],
      [stored, 'stored_only'],
    ]);
    expect(rows[1]).toMatchObject({
      sessionId: session,
      env: 'test',
      destinationsTotal: 2,
      destinationsDelivered: 1,
      destinationsFailed: 1,
      destinationsBreakdown: [
        { type: 'webhook', count: 1 },
        { type: 'folder', count: 1 },
      ],
      createdAt: new Date(NOW + 3).toISOString(),
    });
    expect((await db.a.listUploads(KEY, 2, 2)).map((row) => row.id)).toEqual([delivered, stored]);
  });

  it('never repeats or skips a photo of the same millisecond across pages', async () => {
    const db = await start();
    const sessions = [await seedKeySession(db, KEY, NOW), await seedKeySession(db, KEY, NOW)];
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await seedPhoto(db, sessions[i % 2] ?? '', Math.floor(i / 2) + 1, NOW));
    const pages = [];
    for (let offset = 0; offset < 6; offset += 4) pages.push(...(await db.a.listUploads(KEY, 4, offset)));
    expect(pages.map((row) => row.id).sort()).toEqual([...ids].sort());
  });

  it('totals the key’s sessions (this month and ever), photos and finished deliveries', async () => {
    const db = await start();
    const lastMonth = await seedKeySession(db, KEY, monthStart(NOW) - 1);
    const thisMonth = await seedKeySession(db, KEY, monthStart(NOW));
    await seedKeySession(db, OTHER_KEY, NOW);
    await seedPhoto(db, lastMonth, 1, NOW, [{ status: 'sent', type: 'webhook' }]);
    await seedPhoto(db, thisMonth, 1, NOW, [{ status: 'sent', type: 'webhook' }, { status: 'failed', type: 'webhook' }]);
    await seedPhoto(db, thisMonth, 2, NOW, [{ status: 'pending', type: 'webhook' }]);

    expect(await db.b.totals(KEY, monthStart(NOW))).toEqual({
      sessions_total: 2,
      sessions_this_month: 1,
      images_uploaded: 3,
      images_delivered: 1,
      deliveries_sent: 2,
      deliveries_failed: 1,
    });
    expect(await db.a.totals(OTHER_KEY, monthStart(NOW))).toMatchObject({ sessions_total: 1, images_uploaded: 0, deliveries_sent: 0 });
  });
});
