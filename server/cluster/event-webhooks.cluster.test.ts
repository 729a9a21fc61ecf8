import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_EXPIRY } from '../integrator/session-expiry';
import type { EventWebhookSettings } from '../integrator/event-webhook-store';
import type { EventWebhookStore } from './event-webhooks';
import { PgEventWebhookStore } from './pg-event-webhooks';
import { SqliteEventWebhookStore } from './sqlite-event-webhooks';
import { type Backend, pgBackend, seedSession, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 6, 9, 0, 0);
const LEASE_MS = 1_000;
const BACKENDS: Backend<EventWebhookStore>[] = [
  sqliteBackend((db) => new SqliteEventWebhookStore(db)),
  pgBackend((pool, instance) => new PgEventWebhookStore(pool, { instanceId: instance, leaseMs: LEASE_MS })),
];

const settings = (name: string, topics: string[], more: Partial<EventWebhookSettings> = {}): EventWebhookSettings => ({
  url: `https://receiver.example/${name}`,
  topics,
  signatureMethod: 'hmac_sha256',
  maxRetries: 2,
  retryIntervals: [60, 300],
  disableAfterFailures: 2,
  customHeaders: {},
  ...more,
});
const detail = { responseCode: 500, responseBody: 'busy', durationMs: 12 };
const data = { session_id: 's-1', tags: [], label: null };

async function start(open: Backend<EventWebhookStore>['open'], opened: (db: TwoInstances<EventWebhookStore>) => void) {
  const db = await open();
  opened(db);
  for (const key of ['key-1', 'key-2']) {
    await db.exec("INSERT INTO api_keys (id, key_hash, env, created_at) VALUES ($1, $2, 'test', $3)", [key, `hash-${key}`, NOW]);
  }
  return db;
}

describe.each(BACKENDS)('the event webhook store on $name', ({ name, open }) => {
  let backend: TwoInstances<EventWebhookStore> | undefined;
  const begin = () => start(open, (db) => (backend = db));
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('keeps webhooks that the other instance reads, lists, changes and deletes', async () => {
    const { a, b } = await begin();
    const hook = await a.create('key-1', settings('one', ['project.upload.*'], { customHeaders: { 'x-team': 'roof' } }), NOW);
    await a.create('key-2', settings('other', ['*']), NOW);
    expect(hook).toMatchObject({ apiKeyId: 'key-1', topics: ['project.upload.*'], isActive: true, consecutiveFailures: 0, disabledAt: null, customHeaders: { 'x-team': 'roof' } });
    expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.find(hook.id)).toEqual(hook);
    expect((await b.listOfKey('key-1')).map((h) => h.id)).toEqual([hook.id]);
    const saved = await b.save(hook, { url: 'https://receiver.example/new', isActive: false }, NOW + 1);
    expect(saved).toMatchObject({ url: 'https://receiver.example/new', topics: ['project.upload.*'], isActive: false, updatedAt: NOW + 1 });
    expect(await a.find(hook.id)).toEqual(saved);
    await a.delete(hook.id, NOW + 2);
    expect(await b.find(hook.id)).toBeUndefined();
    expect(await b.listOfKey('key-1')).toEqual([]);
  });

  it("queues an event for each receiving webhook of the key subscribed to it, named as it subscribed, and nothing for the others", async () => {
    const { a, b, rows } = await begin();
    const wildcard = await a.create('key-1', settings('wildcard', ['project.upload.*']), NOW);
    const alias = await a.create('key-1', settings('alias', ['image.uploaded']), NOW);
    await a.create('key-1', settings('sessions', ['project.session.*']), NOW);
    const off = await a.create('key-1', settings('off', ['*']), NOW);
    await a.save(off, { isActive: false }, NOW);
    await a.create('key-2', settings('other key', ['*']), NOW);
    expect(await b.publish('key-1', 'project.upload.completed', data, NOW + 5)).toBe(2);
    const queued = [...(await a.listDeliveries(wildcard.id, 10, 0)).rows, ...(await a.listDeliveries(alias.id, 10, 0)).rows];
    expect(queued.map((d) => d.topic).sort()).toEqual(['image.uploaded', 'project.upload.completed']);
    expect(queued.map((d) => JSON.parse(d.body))).toContainEqual({ event: 'image.uploaded', project_id: 'qrdrop', data, timestamp: new Date(NOW + 5).toISOString() });
    expect(queued.every((d) => d.status === 'pending' && d.attempts === 0 && d.nextAttemptAt === NOW + 5)).toBe(true);
    // One event, recorded once, whatever the number of its deliveries; an event nobody subscribed to leaves no trace.
    expect(new Set(queued.map((d) => d.eventLogId)).size).toBe(1);
    expect(await a.publish('key-1', 'project.upload.failed', data, NOW + 6)).toBe(1);
    expect(await a.publish('key-2', 'project.upload.started', data, NOW + 6)).toBe(1);
    expect(await a.publish('key-1', 'project.session.created', data, NOW + 6)).toBe(1);
    await a.delete(wildcard.id, NOW + 7);
    expect(await a.publish('key-1', 'project.upload.started', data, NOW + 8)).toBe(0);
    expect(await rows('SELECT COUNT(*) AS n FROM event_log')).toEqual([{ n: 4 }]);
    await b.publishTest(off, NOW + 9);
    expect((await a.listDeliveries(off.id, 10, 0)).rows.map((d) => d.topic)).toEqual(['webhook.test']);
  });

  it('lists a webhook’s deliveries newest first, a page at a time, with the total', async () => {
    const { a } = await begin();
    const hook = await a.create('key-1', settings('one', ['*']), NOW);
    for (let i = 0; i < 5; i++) await a.publish('key-1', 'project.session.created', { n: i }, NOW + i);
    const first = await a.listDeliveries(hook.id, 2, 0);
    const rest = await a.listDeliveries(hook.id, 2, 2);
    const last = await a.listDeliveries(hook.id, 2, 4);
    expect(first.total).toBe(5);
    expect([...first.rows, ...rest.rows, ...last.rows].map((d) => JSON.parse(d.body).data.n)).toEqual([4, 3, 2, 1, 0]);
  });

  it('hands each due delivery to one claimer of the two, counting the attempt', async () => {
    const { a, b } = await begin();
    const hook = await a.create('key-1', settings('one', ['*']), NOW);
    for (let i = 0; i < 12; i++) await a.publish('key-1', 'project.session.created', { n: i }, NOW);
    await a.publish('key-1', 'project.session.created', { n: 'later' }, NOW + 10_000);
    const [qa, qb] = [a.queue(new Map()), b.queue(new Map())];
    const claims = await Promise.all([qa.claimDue(NOW, 5), qb.claimDue(NOW, 5), qa.claimDue(NOW, 5), qb.claimDue(NOW, 5)]);
    const ids = claims.flat().map((d) => d.id);
    expect(ids.length).toBe(12);
    expect(new Set(ids).size).toBe(12);
    expect(claims.flat().every((d) => d.status === 'sending' && d.attempts === 1)).toBe(true);
    expect(await qa.nextDueAt()).toBe(NOW + 10_000);
    expect((await a.listDeliveries(hook.id, 20, 0)).rows.filter((d) => d.status === 'sending').length).toBe(12);
  });

  it('records an attempt with what the receiver answered: retried on the webhook’s intervals, then given up, disabling it', async () => {
    const { a, b } = await begin();
    const hook = await a.create('key-1', settings('one', ['*'], { maxRetries: 1, retryIntervals: [60], disableAfterFailures: 2 }), NOW);
    const details = new Map<string, typeof detail>();
    const queue = b.queue(details);
    const failOnce = async (at: number, kind: 'retry' | 'fail' = 'retry') => {
      const [claimed] = await queue.claimDue(at, 1);
      if (claimed === undefined) throw new Error('nothing due');
      details.set(claimed.id, detail);
      expect(await queue.record(claimed, { kind, error: 'HTTP 500' }, false, at)).toBe(true);
      return (await a.findDelivery(claimed.id)) ?? claimed;
    };
    await a.publish('key-1', 'project.session.created', data, NOW);
    expect(await failOnce(NOW)).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: NOW + 60_000, lastError: 'HTTP 500', ...detail });
    expect(details.size).toBe(0);
    expect(await failOnce(NOW + 60_000)).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    expect(await a.find(hook.id)).toMatchObject({ consecutiveFailures: 1, disabledAt: null });
    await a.publish('key-1', 'project.session.created', data, NOW + 60_000);
    expect(await failOnce(NOW + 60_000, 'fail')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await b.find(hook.id)).toMatchObject({ consecutiveFailures: 2, disabledAt: NOW + 60_000 });
    // Disabled, it receives nothing new; switched on again, its count starts over and a sent delivery keeps it at 0.
    expect(await a.publish('key-1', 'project.session.created', data, NOW + 60_001)).toBe(0);
    const revived = await a.save(hook, { isActive: true }, NOW + 60_002);
    expect(revived).toMatchObject({ consecutiveFailures: 0, disabledAt: null, isActive: true });
    await a.publish('key-1', 'project.session.created', data, NOW + 60_003);
    const [sent] = await queue.claimDue(NOW + 60_003, 1);
    if (sent === undefined) throw new Error('nothing due');
    expect(await queue.record(sent, { kind: 'sent', location: null }, false, NOW + 60_004)).toBe(true);
    expect(await a.findDelivery(sent.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, responseCode: null });
  });

  it('hands an attempt cut by shutdown back uncounted, due at once; the retry route refuses one being sent', async () => {
    const { a, b } = await begin();
    await a.create('key-1', settings('one', ['*']), NOW);
    await a.publish('key-1', 'project.session.created', data, NOW);
    const queue = a.queue(new Map());
    const [claimed] = await queue.claimDue(NOW, 1);
    if (claimed === undefined) throw new Error('nothing due');
    expect(await b.requeue(claimed.id, NOW + 1)).toBe(false);
    expect(await queue.record(claimed, { kind: 'retry', error: 'shutting down' }, true, NOW + 2)).toBe(true);
    expect(await b.findDelivery(claimed.id)).toMatchObject({ status: 'retrying', attempts: 0, nextAttemptAt: NOW + 2, lastError: null });
    const [again] = await b.queue(new Map()).claimDue(NOW + 2, 1);
    expect(again?.id).toBe(claimed.id);
    if (again === undefined) throw new Error('nothing due');
    await b.queue(new Map()).record(again, { kind: 'fail', error: 'HTTP 410' }, false, NOW + 3);
    expect(await a.requeue(claimed.id, NOW + 4)).toBe(true);
    expect(await b.findDelivery(claimed.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: NOW + 4 });
    expect(await a.requeue('no-such-delivery', NOW + 4)).toBe(false);
  });

  it('announces each expiry once, to the session’s own key, however many sweeps run at once', async () => {
    const db = await begin();
    const { a, b, exec } = db;
    const hook = await a.create('key-1', settings('one', ['session.expired']), NOW);
    const expiring = await seedSession(db, NOW);
    const completed = await seedSession(db, NOW);
    const keyless = await seedSession(db, NOW);
    await exec('UPDATE sessions SET api_key_id = $1, label = $2 WHERE id = $3', ['key-1', 'Roof', expiring]);
    await exec('UPDATE sessions SET api_key_id = $1, completed_at = $2 WHERE id = $3', ['key-1', NOW, completed]);
    const dataOf = (session: { id: string; label: string | null; imagesCount: number; expiresAt: number }) => ({ session_id: session.id, label: session.label, images_count: session.imagesCount });
    const expiry = NOW + 3_600_000;
    expect(await a.announceExpired(expiry - 1, dataOf)).toBe(0);
    const sweeps = await Promise.all([a.announceExpired(expiry, dataOf), b.announceExpired(expiry, dataOf), a.announceExpired(expiry + 1, dataOf)]);
    expect(sweeps.reduce((sum, n) => sum + n, 0)).toBe(1);
    const { rows } = await b.listDeliveries(hook.id, 10, 0);
    expect(rows.map((d) => [d.topic, JSON.parse(d.body).data])).toEqual([['session.expired', { session_id: expiring, label: 'Roof', images_count: 0 }]]);
    // Moved later and expired again: a new expiry, announced again. One that expired before the look-back: never.
    await exec('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiry + 60_000, expiring]);
    expect(await b.announceExpired(expiry + 60_000, dataOf)).toBe(1);
    await exec('UPDATE sessions SET api_key_id = $1 WHERE id = $2', ['key-1', keyless]);
    expect(await a.announceExpired(expiry + SESSION_EXPIRY.lookbackMs + 1, dataOf)).toBe(0);
    expect((await a.listDeliveries(hook.id, 10, 0)).total).toBe(2);
  });

  it.runIf(name === 'PostgreSQL')('sweeps a lapsed lease into a retry the other instance claims with the same id; the late write is fenced', async () => {
    const { a, b, rows } = await begin();
    await a.create('key-1', settings('one', ['*']), NOW);
    await a.publish('key-1', 'project.session.created', data, NOW);
    const [qa, qb] = [a.queue(new Map()), b.queue(new Map())];
    const [claimed] = await qa.claimDue(NOW, 1);
    if (claimed === undefined) throw new Error('nothing due');
    expect(await qb.recoverLost(NOW + LEASE_MS - 1, false)).toEqual([]);
    expect((await qb.recoverLost(NOW + LEASE_MS, false)).map((d) => d.id)).toEqual([claimed.id]);
    const [taken] = await qb.claimDue(NOW + LEASE_MS, 1);
    expect(taken).toMatchObject({ id: claimed.id, attempts: 2 });
    if (taken === undefined) throw new Error('nothing due');
    // A comes back with its answer: its claim is gone, nothing is written, B's attempt stands.
    expect(await qa.record(claimed, { kind: 'fail', error: 'HTTP 500' }, false, NOW + LEASE_MS + 1)).toBe(false);
    expect(await rows('SELECT status, attempts, claimed_by FROM event_deliveries')).toEqual([{ status: 'sending', attempts: 2, claimed_by: 'b' }]);
    expect(await qb.record(taken, { kind: 'sent', location: null }, false, NOW + LEASE_MS + 2)).toBe(true);
    expect(await qa.record(claimed, { kind: 'sent', location: null }, false, NOW + LEASE_MS + 3)).toBe(false);
    expect(await rows('SELECT status, attempts, claimed_by, lease_until FROM event_deliveries')).toEqual([{ status: 'sent', attempts: 2, claimed_by: 'b', lease_until: null }]);
  });
});

it('the event webhook tables have the columns and NOT NULLs of the SQLite schema, event deliveries their lease besides', async () => {
  const tables = ['event_webhooks', 'event_log', 'event_deliveries', 'session_expiry_events'] as const;
  const [sqlite, pg] = [await sqliteBackend(() => null).open(), await pgBackend(() => null).open()];
  try {
    for (const table of tables) {
      const sqliteColumns = v
        .parse(v.array(v.object({ name: v.string(), notnull: v.number(), pk: v.number() })), await sqlite.rows(`SELECT * FROM pragma_table_info('${table}')`))
        // SQLite's primary key columns may be NULL (a legacy quirk); PostgreSQL's never are.
        .map((column) => `${column.name}${column.notnull === 1 || column.pk > 0 ? ' not null' : ''}`);
      const pgColumns = v
        .parse(
          v.array(v.object({ column_name: v.string(), is_nullable: v.string() })),
          await pg.rows('SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table]),
        )
        .map((column) => `${column.column_name}${column.is_nullable === 'NO' ? ' not null' : ''}`);
      const lease = table === 'event_deliveries' ? ['claimed_by', 'lease_until'] : [];
      expect({ table, columns: pgColumns.sort() }).toEqual({ table, columns: [...sqliteColumns, ...lease].sort() });
    }
  } finally {
    await Promise.all([sqlite.close(), pg.close()]);
  }
});
