import { afterEach, describe, expect, it } from 'vitest';
import { PgShortLinkStore } from './pg-short-link-store';
import { type ShortLinkStore, SqliteShortLinkStore } from './short-link-store';
import { type Backend, pgBackend, seedSession, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

const BACKENDS: Backend<ShortLinkStore>[] = [sqliteBackend((db) => new SqliteShortLinkStore(db)), pgBackend((pool) => new PgShortLinkStore(pool))];

describe.each(BACKENDS)('short links on $name', ({ open }) => {
  let backend: TwoInstances<ShortLinkStore> | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('keeps the first code of a session, which the other instance resolves; unknown codes lead nowhere', async () => {
    const db = (backend = await open());
    const [first, second] = [await seedSession(db, NOW), await seedSession(db, NOW)];
    expect(await db.a.codeOf(first, 'code-first-1', NOW)).toBe('code-first-1');
    expect(await db.b.codeOf(first, 'code-first-2', NOW)).toBe('code-first-1');
    expect(await db.b.codeOf(second, 'code-second', NOW)).toBe('code-second');
    expect(await db.b.sessionOf('code-first-1')).toBe(first);
    expect(await db.a.sessionOf('code-second')).toBe(second);
    expect(await db.a.sessionOf('code-first-2')).toBeUndefined();
  });
});

describe('short links on PostgreSQL', () => {
  let backend: TwoInstances<ShortLinkStore> | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('give one code to a session shared on two instances at once', async () => {
    const db = (backend = await pgBackend((pool) => new PgShortLinkStore(pool)).open());
    const session = await seedSession(db, NOW);
    const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? db.a : db.b).codeOf(session, `code-${i}`, NOW)));
    expect(new Set(codes).size).toBe(1);
    expect(await db.rows('SELECT COUNT(*) AS n FROM short_links WHERE session_id = $1', [session])).toEqual([{ n: 1 }]);
  });
});
