import { afterEach, describe, expect, it } from 'vitest';
import type { NewKey } from '../integrator/key-store';
import type { ApiKeyStore } from './api-key-store';
import { PgApiKeyStore } from './pg-api-key-store';
import { SqliteApiKeyStore } from './sqlite-api-key-store';
import { type Backend, pgBackend, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const CREATOR = 'key_creator';

const BACKENDS: Backend<ApiKeyStore>[] = [sqliteBackend((db) => new SqliteApiKeyStore(db)), pgBackend((pool) => new PgApiKeyStore(pool))];

const newKey = (n: number, over: Partial<NewKey> = {}): NewKey => ({
  id: `key_made_${n}`,
  hash: `hash-${n}`,
  prefix: `aptr_test_000${n}`,
  env: 'test',
  createdBy: CREATOR,
  settings: { label: `Key ${n}`, maxImages: 7, allowedMimeTypes: ['image/png'], maxImageDimension: null },
  ...over,
});

describe.each(BACKENDS)('API keys on $name', ({ open }) => {
  let backend: TwoInstances<ApiKeyStore> | undefined;
  const start = async () => {
    backend = await open();
    await backend.exec(`INSERT INTO api_keys (id, key_hash, env, created_at) VALUES ($1, 'hash-creator', 'test', $2)`, [CREATOR, NOW - 1]);
    return backend;
  };
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('creates a key on one instance that the other finds by id and by hash, with its settings and defaults', async () => {
    const db = await start();
    const created = await db.a.insert(newKey(1), NOW);
    expect(created).toEqual({
      id: 'key_made_1',
      source: 'api',
      createdBy: CREATOR,
      prefix: 'aptr_test_0001',
      label: 'Key 1',
      env: 'test',
      isActive: true,
      lastUsedAt: null,
      maxImages: 7,
      allowedMimeTypes: ['image/png'],
      maxImageDimension: null,
      longPolling: false,
      allowedIps: [],
      allowedDomains: [],
      signingSecret: null,
      requireSignature: false,
      createdAt: NOW,
    });
    expect(await db.b.find('key_made_1')).toEqual(created);
    expect(await db.b.findApiKeyByHash('hash-1')).toEqual(created);
    // A configured key is matched from the configuration, never by hash from the rows.
    expect(await db.b.findApiKeyByHash('hash-creator')).toBeUndefined();
    await expect(db.b.insert(newKey(1), NOW)).rejects.toThrow();
  });

  it('lists the caller and the keys it made, oldest first, and counts the ones it made', async () => {
    const db = await start();
    await db.a.insert(newKey(2), NOW + 2);
    await db.b.insert(newKey(1), NOW + 1);
    await db.a.insert(newKey(3, { createdBy: 'key_someone_else' }), NOW);
    expect((await db.b.listVisible(CREATOR)).map((key) => key.id)).toEqual([CREATOR, 'key_made_1', 'key_made_2']);
    expect(await db.a.countCreatedBy(CREATOR)).toBe(2);
  });

  it('updates only the settings given, keeps both of two instances’ changes, clears nulls', async () => {
    const db = await start();
    await db.a.insert(newKey(1), NOW);
    await Promise.all([db.a.update('key_made_1', { label: 'Renamed' }), db.b.update('key_made_1', { allowedIps: ['203.0.113.0/24'], maxImages: null })]);
    expect(await db.a.find('key_made_1')).toMatchObject({ label: 'Renamed', allowedIps: ['203.0.113.0/24'], maxImages: null, allowedMimeTypes: ['image/png'] });
    expect(await db.b.update('key_made_1', {})).toMatchObject({ label: 'Renamed' });
    expect(await db.b.update('key_unknown', { label: 'x' })).toBeUndefined();
    await db.b.setSigningSecret('key_made_1', 'secret-1');
    expect(await db.a.update('key_made_1', { requireSignature: true, isActive: false, longPolling: true })).toMatchObject({
      signingSecret: 'secret-1',
      requireSignature: true,
      isActive: false,
      longPolling: true,
    });
  });

  it('deletes an API-created key once, never a configured one; a deleted key is gone everywhere', async () => {
    const db = await start();
    await db.a.insert(newKey(1), NOW);
    expect(await db.b.delete(CREATOR, NOW)).toBe(false);
    expect(await db.b.delete('key_made_1', NOW)).toBe(true);
    expect(await db.a.delete('key_made_1', NOW)).toBe(false);
    expect(await db.a.find('key_made_1')).toBeUndefined();
    expect(await db.a.findApiKeyByHash('hash-1')).toBeUndefined();
    expect(await db.a.update('key_made_1', { label: 'back' })).toBeUndefined();
    expect(await db.a.countCreatedBy(CREATOR)).toBe(0);
  });

  it('records use at most once a minute', async () => {
    const db = await start();
    await db.a.insert(newKey(1), NOW);
    await db.a.touch('key_made_1', NOW);
    await db.b.touch('key_made_1', NOW + 59_999);
    expect((await db.a.find('key_made_1'))?.lastUsedAt).toBe(NOW);
    await db.b.touch('key_made_1', NOW + 60_000);
    expect((await db.a.find('key_made_1'))?.lastUsedAt).toBe(NOW + 60_000);
  });
});
