import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { planPgDeliveries } from './pg-delivery-plan';
import { PgDestinationStore } from './pg-destinations';
import { migratePg } from './pg-migrations';
import { PgUploadStore } from './pg-store';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
let schema: TestSchema | undefined;
afterEach(async () => {
  await schema?.drop();
  schema = undefined;
});

/** A schema with one key, its destinations (`named`: default one, named two, off three) and stores over one pool. */
async function open() {
  schema = await freshSchema();
  const pool = schema.pool(4);
  await migratePg(pool);
  await pool.query("INSERT INTO api_keys (id, key_hash, env, created_at) VALUES ('key-1', 'hash-1', 'test', $1)", [NOW]);
  const destinations = new PgDestinationStore(pool);
  const hook = (name: string, isDefault: boolean) =>
    destinations.createWebhook({ apiKeyId: 'key-1', name, url: `https://receiver.example/${name}`, format: 'multipart', isDefault }, NOW);
  const [one, two, three] = [await hook('one', true), await hook('two', false), await hook('three', true)];
  await destinations.update('key-1', three.id, { isActive: false }, NOW);
  const session = async (destinationIds: string[]) => {
    const id = newId();
    await pool.query(
      `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, expires_at, max_images, allowed_mime_types, max_image_size_bytes, destination_ids)
       VALUES ($1, 'key-1', 'test', $2, $2, $3, 5, '["image/jpeg"]', 1000000, $4)`,
      [id, NOW, NOW + 3_600_000, JSON.stringify(destinationIds)],
    );
    return id;
  };
  const photo = (sessionId: string) => {
    const id = newId();
    return { id, sessionId, filename: 'a.jpg', storageName: `${id}.jpg`, mimeType: 'image/jpeg', sizeBytes: 10, width: 1, height: 1, sha256: 'a'.repeat(64), source: 'page', idempotencyKey: null, isEncrypted: false, isE2e: false, createdAt: NOW };
  };
  const rows = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
  return { pool, ids: { one: one.id, two: two.id, three: three.id }, session, photo, rows };
}

describe("planning a photo's deliveries on PostgreSQL", () => {
  it("plans the key's active defaults, or the session's own destinations, once, in the insert's transaction", async () => {
    const { pool, ids, session, photo, rows } = await open();
    const store = new PgUploadStore(pool, { alongsideInsert: async (client, stored) => void (await planPgDeliveries(client, stored, NOW)) });
    const byDefault = photo(await session([]));
    const chosen = photo(await session([ids.two, ids.three, 'not-mine']));
    for (const image of [byDefault, chosen]) expect((await store.insertImageIfRoom(image, NOW)).kind).toBe('inserted');
    const planned = (imageId: string) => rows("SELECT destination_id, status, next_attempt_at FROM deliveries WHERE image_id = $1", [imageId]);
    expect(await planned(byDefault.id)).toEqual([{ destination_id: ids.one, status: 'pending', next_attempt_at: NOW }]);
    expect(await planned(chosen.id)).toEqual([{ destination_id: ids.two, status: 'pending', next_attempt_at: NOW }]);
    // Planned already: a second plan makes nothing.
    expect(await planPgDeliveries(pool, byDefault, NOW + 1)).toBe(0);
    expect(await planned(byDefault.id)).toHaveLength(1);
  });

  it('a plan that fails takes the photo row with it: both commit or neither', async () => {
    const { pool, session, photo, rows } = await open();
    const store = new PgUploadStore(pool, {
      alongsideInsert: async (client, stored) => {
        await planPgDeliveries(client, stored, NOW);
        throw new Error('planning failed');
      },
    });
    const image = photo(await session([]));
    await expect(store.insertImageIfRoom(image, NOW)).rejects.toThrow('planning failed');
    expect(await rows('SELECT id FROM images WHERE id = $1', [image.id])).toEqual([]);
    expect(await rows('SELECT image_id FROM delivery_plans UNION ALL SELECT image_id FROM deliveries', [])).toEqual([]);
  });
});
