import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_EVENTS_PER_SESSION, type SessionEventStore } from '../delivery/session-events';
import { SqliteSessionEvents } from '../delivery/sqlite-session-events';
import { PgSessionEvents } from './pg-session-events';
import { type Backend, pgBackend, seedSession, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

const BACKENDS: Backend<SessionEventStore>[] = [
  sqliteBackend((db) => new SqliteSessionEvents(db)),
  pgBackend((pool) => new PgSessionEvents(pool)),
];

describe.each(BACKENDS)('the stored live events on $name', ({ open }) => {
  let backend: TwoInstances<SessionEventStore> | undefined;
  const start = async () => (backend = await open());
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('numbers each session’s events from 1, replays what came after a number, and moves the change clock', async () => {
    const db = await start();
    const [first, other] = [await seedSession(db, NOW), await seedSession(db, NOW)];
    const one = await db.a.append(first, 'image:ready', { n: 1 }, NOW + 10);
    const two = await db.b.append(first, 'session:completed', { n: 2 }, NOW + 20);
    expect(one).toEqual({ event: { seq: 1, name: 'image:ready', data: { n: 1 } }, mark: { eventSeq: 1, changedAt: NOW + 10 } });
    expect(two?.mark).toEqual({ eventSeq: 2, changedAt: NOW + 20 });
    expect((await db.a.append(other, 'image:ready', {}, NOW))?.event.seq).toBe(1);

    expect(await db.b.since(first, 1)).toEqual([{ seq: 2, name: 'session:completed', data: { n: 2 } }]);
    expect((await db.b.since(first, 0)).map((event) => event.seq)).toEqual([1, 2]);
    expect(await db.a.marks([first, other, 'no-such-session'])).toEqual(
      new Map([
        [first, { eventSeq: 2, changedAt: NOW + 20 }],
        [other, { eventSeq: 1, changedAt: NOW + 1 }],
      ]),
    );
    expect(await db.a.append('no-such-session', 'image:ready', {}, NOW)).toBeUndefined();
    expect(await db.a.touch('no-such-session', NOW)).toBeUndefined();
  });

  it('keeps the change clock moving forward when an instance’s clock is behind, and touch moves only the clock', async () => {
    const db = await start();
    const sessionId = await seedSession(db, NOW);
    expect(await db.a.touch(sessionId, NOW + 5_000)).toEqual({ eventSeq: 0, changedAt: NOW + 5_000 });
    // Instance B's clock is 4 s behind: its changes still come after A's.
    expect(await db.b.touch(sessionId, NOW + 1_000)).toEqual({ eventSeq: 0, changedAt: NOW + 5_001 });
    expect((await db.b.append(sessionId, 'image:ready', {}, NOW + 1_001))?.mark).toEqual({ eventSeq: 1, changedAt: NOW + 5_002 });
    // A clock behind the session's creation still gives a change after it.
    const fresh = await seedSession(db, NOW);
    expect((await db.b.touch(fresh, NOW - 60_000))?.changedAt).toBe(NOW + 1);
  });

  it(`keeps the latest ${KEPT_EVENTS_PER_SESSION} events of a session`, async () => {
    const db = await start();
    const sessionId = await seedSession(db, NOW);
    const total = KEPT_EVENTS_PER_SESSION + 5;
    for (let i = 1; i <= total; i++) await db.a.append(sessionId, 'image:ready', { i }, NOW + i);
    const kept = await db.b.since(sessionId, 0);
    expect(kept).toHaveLength(KEPT_EVENTS_PER_SESSION);
    expect(kept[0]?.seq).toBe(6);
    expect(kept.at(-1)?.seq).toBe(total);
  });

  it('gives two instances appending to one session at once every number once, with no gaps', async () => {
    const db = await start();
    const sessionId = await seedSession(db, NOW);
    const appends = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? db.a : db.b).append(sessionId, 'image:ready', { i }, NOW + i));
    const numbers = (await Promise.all(appends)).map((result) => result?.event.seq);
    expect([...numbers].sort((x = 0, y = 0) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const stored = await db.a.since(sessionId, 0);
    expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each number went with the event it was returned for.
    for (const [i, seq] of numbers.entries()) expect(stored[(seq ?? 0) - 1]?.data).toEqual({ i });
  });
});
