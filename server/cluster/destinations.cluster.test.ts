import { afterEach, describe, expect, it } from 'vitest';
import type { DestinationStore } from './destinations';
import { PgDestinationStore } from './pg-destinations';
import { SqliteDestinationStore } from './sqlite-destinations';
import { type Backend, pgBackend, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const BACKENDS: Backend<DestinationStore>[] = [
  sqliteBackend((db) => new SqliteDestinationStore(db)),
  pgBackend((pool) => new PgDestinationStore(pool)),
];

const hook = (apiKeyId: string, name: string, isDefault = false) => ({
  apiKeyId,
  name,
  url: `https://receiver.example/${name}`,
  format: 'multipart' as const,
  isDefault,
});

describe.each(BACKENDS)('the destination store on $name', ({ open }) => {
  let backend: TwoInstances<DestinationStore> | undefined;
  const start = async () => {
    const db = await open();
    backend = db;
    for (const key of ['key-1', 'key-2']) {
      await db.exec("INSERT INTO api_keys (id, key_hash, env, created_at) VALUES ($1, $2, 'test', $3)", [key, `hash-${key}`, NOW]);
    }
    return db;
  };
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('creates a webhook with a fresh secret that the other instance reads back', async () => {
    const { a, b } = await start();
    const first = await a.createWebhook(hook('key-1', 'one', true), NOW);
    const second = await a.createWebhook(hook('key-1', 'two'), NOW);
    expect(first).toMatchObject({ apiKeyId: 'key-1', type: 'webhook', name: 'one', format: 'multipart', isDefault: true, isActive: true, createdAt: NOW, updatedAt: NOW, deletedAt: null });
    expect(first.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(second.secret).not.toBe(first.secret);
    expect(await b.find(first.id)).toEqual(first);
    expect(await b.find('no-such-id')).toBeUndefined();
  });

  it("lists a key's live destinations only, oldest first", async () => {
    const { a, b } = await start();
    const early = await a.createWebhook(hook('key-1', 'early'), NOW);
    const late = await b.createWebhook(hook('key-1', 'late'), NOW + 1);
    const gone = await a.createWebhook(hook('key-1', 'gone'), NOW + 2);
    await a.createWebhook(hook('key-2', 'other key'), NOW);
    expect(await b.delete('key-1', gone.id, NOW + 3)).toBe(true);
    expect((await a.listOfKey('key-1')).map((d) => d.name)).toEqual([early.name, late.name]);
    // Deleted, it is still found by id (a delivery's history names it), marked deleted.
    expect(await a.find(gone.id)).toMatchObject({ deletedAt: NOW + 3 });
  });

  it("deletes and updates only the key's own live destinations", async () => {
    const { a, b } = await start();
    const mine = await a.createWebhook(hook('key-1', 'mine'), NOW);
    expect(await b.delete('key-2', mine.id, NOW + 1)).toBe(false);
    expect(await b.update('key-2', mine.id, { name: 'stolen' }, NOW + 1)).toBeUndefined();
    const renamed = await b.update('key-1', mine.id, { name: 'renamed', isActive: false }, NOW + 2);
    expect(renamed).toMatchObject({ name: 'renamed', url: mine.url, format: 'multipart', isActive: false, updatedAt: NOW + 2, secret: mine.secret });
    expect(await a.update('key-1', mine.id, { url: 'https://receiver.example/new', format: 'json_base64' }, NOW + 3)).toMatchObject({
      name: 'renamed',
      url: 'https://receiver.example/new',
      format: 'json_base64',
      isActive: false,
    });
    expect(await a.delete('key-1', mine.id, NOW + 4)).toBe(true);
    expect(await b.delete('key-1', mine.id, NOW + 5)).toBe(false);
    expect(await b.update('key-1', mine.id, { name: 'again' }, NOW + 5)).toBeUndefined();
  });

  it("makes exactly the given ids the key's defaults, or changes nothing when one is not the key's", async () => {
    const { a, b } = await start();
    const [one, two, three] = [await a.createWebhook(hook('key-1', 'one', true), NOW), await a.createWebhook(hook('key-1', 'two'), NOW), await a.createWebhook(hook('key-1', 'three'), NOW)];
    const foreign = await a.createWebhook(hook('key-2', 'foreign'), NOW);
    // Sorted: the three are made in one millisecond, and ties are listed by id on PostgreSQL (by insertion on SQLite).
    const defaults = async () => (await a.listOfKey('key-1')).filter((d) => d.isDefault).map((d) => d.name).sort();
    expect(await b.setDefaults('key-1', [two.id, three.id], NOW + 1)).toBe(true);
    expect(await defaults()).toEqual(['three', 'two']);
    expect(await b.setDefaults('key-1', [one.id, foreign.id], NOW + 2)).toBe(false);
    expect(await defaults()).toEqual(['three', 'two']);
    // Two instances at once: one set or the other, never a mix.
    await Promise.all([a.setDefaults('key-1', [one.id], NOW + 3), b.setDefaults('key-1', [two.id, three.id], NOW + 3)]);
    expect([['one'], ['three', 'two']]).toContainEqual(await defaults());
  });
});
