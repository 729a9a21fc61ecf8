import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { LiveEvents } from '../delivery/live-events';
import { waitForChange } from '../delivery/long-poll';
import { openSse, type SseStream } from '../test/sse-client';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { PgLiveBus } from './pg-live-bus';
import { migratePg } from './pg-migrations';
import { PgSessionEvents } from './pg-session-events';
import { seedSession } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

/** One "instance": its own pool, its own LISTEN connection, its live events, and an SSE endpoint on its hub. */
interface Instance {
  pool: pg.Pool;
  bus: PgLiveBus;
  live: LiveEvents;
  /** The SSE url of a session on this instance. */
  eventsUrl: (sessionId: string) => string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const failOnError = (error: unknown) => {
  throw error;
};

async function instance(schema: TestSchema, name: string, catchUpMs: number): Promise<Instance> {
  const pool = schema.pool(5);
  const store = new PgSessionEvents(pool);
  const bus = await PgLiveBus.start({ url: inject('pgUrl'), store, applicationName: `qrdrop-listen-${name}-${schema.name}`, catchUpMs, reconnectFirstMs: 20 });
  const live = new LiveEvents({ store, bus }, failOnError);
  const server = http.createServer((request, response) => {
    const sessionId = request.url?.slice(1) ?? '';
    const lastEventId = request.headers['last-event-id'];
    live.hub.open(sessionId, response, typeof lastEventId === 'string' ? lastEventId : undefined, { sessionId, instance: name });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    await live.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { pool, bus, live, eventsUrl: (sessionId) => `http://127.0.0.1:${port}/${sessionId}` };
}

/** Two instances on one fresh schema, and a session in it. */
async function twoInstances(catchUpMs = 60_000): Promise<{ a: Instance; b: Instance; sessionId: string }> {
  const schema = await freshSchema();
  cleanup.push(() => schema.drop());
  const [a, b] = [await instance(schema, 'a', catchUpMs), await instance(schema, 'b', catchUpMs)];
  await migratePg(a.pool);
  const sessionId = await seedSession({ exec: async (sql, params) => void (await a.pool.query(sql, params)) }, NOW);
  return { a, b, sessionId };
}

async function stream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const opened = await openSse(url, headers);
  cleanup.push(() => opened.close());
  return opened;
}

const STILL_WAITING = Symbol('still waiting');
const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<T | typeof STILL_WAITING> =>
  Promise.race([promise, new Promise<typeof STILL_WAITING>((resolve) => setTimeout(() => resolve(STILL_WAITING), ms))]);

describe('live events across two instances on PostgreSQL', () => {
  it('streams every event appended on A to a subscriber on B, in order, and replays from a Last-Event-ID on B', async () => {
    const { a, b, sessionId } = await twoInstances();
    const onB = await stream(b.eventsUrl(sessionId));
    expect(await onB.next()).toEqual({ event: 'connected', data: { sessionId, instance: 'b' } });

    for (let i = 1; i <= 5; i++) void a.live.publish(sessionId, 'image:ready', { i }, NOW + i);
    const seen = [];
    for (let i = 1; i <= 5; i++) seen.push(await onB.next());
    expect(seen).toEqual([1, 2, 3, 4, 5].map((i) => ({ id: String(i), event: 'image:ready', data: { i } })));

    // The client drops, two more events are appended on A, and it comes back to B with the last id it saw.
    onB.close();
    await a.live.publish(sessionId, 'image:ready', { i: 6 }, NOW + 6);
    await a.live.publish(sessionId, 'session:completed', { i: 7 }, NOW + 7);
    const again = await stream(b.eventsUrl(sessionId), { 'last-event-id': '5' });
    expect([await again.next(), await again.next(), await again.next()]).toEqual([
      { id: '6', event: 'image:ready', data: { i: 6 } },
      { id: '7', event: 'session:completed', data: { i: 7 } },
      { event: 'connected', data: { sessionId, instance: 'b' } },
    ]);
    // An id of the old in-memory log (`<run>-<seq>`) replays everything kept.
    const old = await stream(b.eventsUrl(sessionId), { 'last-event-id': 'mi3k2x1a9f3e2c-4' });
    expect((await old.next()).id).toBe('1');
  });

  it('wakes a long poll held on B when the session changes on A, well before its hold ends', async () => {
    const { a, b, sessionId } = await twoInstances();
    const pollFrom = await b.live.changedAt(sessionId);
    const controller = new AbortController();
    cleanup.push(() => controller.abort());
    const held = waitForChange({
      subscribe: (onChange) =>
        b.live.onSessionChange(sessionId, (changedAt) => {
          if (changedAt > pollFrom) onChange();
        }),
      changedAlready: async () => (await b.live.changedAt(sessionId)) > pollFrom,
      holdMs: 30_000,
      signal: controller.signal,
    });
    expect(await settledWithin(held, 200)).toBe(STILL_WAITING);
    expect(b.live.waitingPolls).toBe(1);
    // An acknowledgement, say: no live event, only the change clock.
    await a.live.touch(sessionId, NOW + 1_000);
    expect(await settledWithin(held, 5_000)).toBe('changed');
    expect(b.live.waitingPolls).toBe(0);
  });

  it('delivers what was appended while B’s LISTEN connection was down, by the catch-up after it reconnects', async () => {
    const { a, b, sessionId } = await twoInstances();
    const onB = await stream(b.eventsUrl(sessionId));
    await onB.next(); // connected
    await a.live.publish(sessionId, 'image:ready', { i: 1 }, NOW + 1);
    expect(await onB.next()).toMatchObject({ id: '1' });

    const pid = b.bus.listenerPid;
    expect(pid).toEqual(expect.any(Number));
    await a.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    // Appended while B is not listening (or not yet again): its notification is lost, if it was ever sent to B.
    await a.live.publish(sessionId, 'image:ready', { i: 2 }, NOW + 2);
    await a.live.publish(sessionId, 'image:ready', { i: 3 }, NOW + 3);
    expect([await onB.next(), await onB.next()]).toEqual([
      { id: '2', event: 'image:ready', data: { i: 2 } },
      { id: '3', event: 'image:ready', data: { i: 3 } },
    ]);
    expect(b.bus.reconnects).toBeGreaterThanOrEqual(1);
    expect(b.bus.listenerPid).not.toBe(pid);
    // And notifications work again on the new connection.
    await a.live.publish(sessionId, 'image:ready', { i: 4 }, NOW + 4);
    expect(await onB.next()).toMatchObject({ id: '4' });
  });

  it('heals a notification that never came, by the periodic catch-up while a session is watched', async () => {
    const { a, b, sessionId } = await twoInstances(100);
    const onB = await stream(b.eventsUrl(sessionId));
    await onB.next(); // connected
    // An event stored without any notification (as if the NOTIFY were lost on the way).
    await a.pool.query('UPDATE sessions SET event_seq = 1 WHERE id = $1', [sessionId]);
    await a.pool.query(`INSERT INTO session_events (session_id, seq, name, data, created_at) VALUES ($1, 1, 'image:ready', '{"i":1}', $2)`, [sessionId, NOW]);
    expect(await onB.next()).toEqual({ id: '1', event: 'image:ready', data: { i: 1 } });
    expect(b.bus.reconnects).toBe(0);
  });
});
