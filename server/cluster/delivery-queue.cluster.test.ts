import * as v from 'valibot';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPgPool } from './pg-pool';
import { DELIVERY } from '../limits';
import type { LeasedDelivery, LeasedDeliveryQueue } from './delivery-queue';
import { PgDeliveryQueue } from './pg-delivery-queue';
import { SqliteDeliveryQueue } from './sqlite-delivery-queue';
import { type Backend, pgBackend, seedDeliveries, sqliteBackend, type TwoInstances } from './test-backends';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const LEASE_MS = 90_000;
const RETRY_BASE_MS = 10_000;
// No jitter: the retry delay is exactly base·2^(n-1).
const options = (instance: string) => ({ instanceId: `instance-${instance}`, retryBaseMs: RETRY_BASE_MS, leaseMs: LEASE_MS, random: () => 0.5 });

const BACKENDS: Backend<LeasedDeliveryQueue>[] = [
  sqliteBackend((db, instance) => new SqliteDeliveryQueue(db, options(instance))),
  pgBackend((pool, instance) => new PgDeliveryQueue(pool, options(instance))),
];

const ids = (deliveries: LeasedDelivery[]) => deliveries.map((delivery) => delivery.id);

/** Claims from both instances at once, `parallel` claims each, until neither finds anything. */
async function drain(a: LeasedDeliveryQueue, b: LeasedDeliveryQueue, now: number, parallel: number): Promise<Map<string, string[]>> {
  const claims = new Map<string, string[]>();
  const worker = async (queue: LeasedDeliveryQueue) => {
    for (;;) {
      const claimed = await queue.claimDue(now, 4);
      if (claimed.length === 0) return;
      for (const delivery of claimed) claims.set(delivery.id, [...(claims.get(delivery.id) ?? []), queue.instanceId]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, (_, i) => worker(i % 2 === 0 ? a : b)));
  return claims;
}

describe.each(BACKENDS)('the leased delivery queue on $name', ({ open }) => {
  let backend: TwoInstances<LeasedDeliveryQueue> | undefined;
  const start = async () => (backend = await open());
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('claims what is due, earliest first, under the claimer with a lease, and only once', async () => {
    const db = await start();
    const { ids: seeded } = await seedDeliveries(db, NOW, 3, (i) => [NOW - 1, NOW - 2, NOW + 1][i] ?? NOW);
    const [late, early, future] = seeded;
    expect(await db.a.nextDueAt()).toBe(NOW - 2);
    const first = await db.a.claimDue(NOW, 1);
    expect(ids(first)).toEqual([early]);
    const rest = await db.b.claimDue(NOW, 10);
    expect(ids(rest)).toEqual([late]);
    expect(rest[0]).toMatchObject({ status: 'sending', attempts: 1, nextAttemptAt: null, claimedBy: 'instance-b', leaseUntil: NOW + LEASE_MS, updatedAt: NOW });
    expect(await db.a.find(late ?? '')).toEqual(rest[0]);
    expect(await db.a.claimDue(NOW, 10)).toEqual([]);
    expect(await db.b.nextDueAt()).toBe(NOW + 1);
    expect(ids(await db.b.claimDue(NOW + 1, 10))).toEqual([future]);
  });

  it('never claims a completed delivery again, however late', async () => {
    const db = await start();
    await seedDeliveries(db, NOW, 2);
    const claimed = await db.a.claimDue(NOW, 10);
    for (const delivery of claimed) expect(await db.a.complete(delivery, null, NOW + 5)).toBe('sent');
    expect(await db.a.find(claimed[0]?.id ?? '')).toMatchObject({ status: 'sent', attempts: 1, leaseUntil: null, lastError: null });
    expect(await db.a.nextDueAt()).toBeNull();
    for (const at of [NOW + LEASE_MS, NOW + 100 * LEASE_MS]) {
      expect(await db.a.claimDue(at, 10)).toEqual([]);
      expect(await db.b.claimDue(at, 10)).toEqual([]);
    }
  });

  it('retries a failed attempt after the usual backoff, with the same id, until the attempts run out', async () => {
    const db = await start();
    const { ids: [id] } = await seedDeliveries(db, NOW, 1);
    let at = NOW;
    const attempts: number[] = [];
    for (;;) {
      const [delivery] = await (attempts.length % 2 === 0 ? db.a : db.b).claimDue(at, 10);
      if (delivery === undefined) break;
      expect(delivery.id).toBe(id);
      attempts.push(delivery.attempts);
      const settled = await (attempts.length % 2 === 1 ? db.a : db.b).fail(delivery, 'HTTP 503', false, at);
      const row = await db.a.find(delivery.id);
      if (settled === 'failed') {
        expect(row).toMatchObject({ status: 'failed', lastError: 'HTTP 503', leaseUntil: null });
        break;
      }
      expect(settled).toBe('retrying');
      const delay = RETRY_BASE_MS * 2 ** (delivery.attempts - 1);
      expect(row).toMatchObject({ status: 'retrying', nextAttemptAt: at + delay, lastError: 'HTTP 503', leaseUntil: null });
      expect(await db.a.claimDue(at + delay - 1, 10)).toEqual([]);
      at += delay;
    }
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6].slice(0, 1 + DELIVERY.maxRetries));
    expect(await db.b.claimDue(at + 100 * LEASE_MS, 10)).toEqual([]);
  });

  it('fails a permanent failure at once, and hands a shutdown-interrupted attempt back uncounted', async () => {
    const db = await start();
    await seedDeliveries(db, NOW, 2);
    const [doomed, interrupted] = await db.a.claimDue(NOW, 10);
    if (doomed === undefined || interrupted === undefined) throw new Error('two claims expected');
    expect(await db.a.fail(doomed, 'refused: private address', true, NOW + 1)).toBe('failed');
    expect(await db.a.release(interrupted, NOW + 2)).toBe('released');
    expect(await db.b.find(interrupted.id)).toMatchObject({ status: 'retrying', attempts: 0, nextAttemptAt: NOW + 2, leaseUntil: null });
    const again = await db.b.claimDue(NOW + 2, 10);
    expect(again.map((d) => [d.id, d.attempts])).toEqual([[interrupted.id, 1]]);
  });

  it('an instance that claims and dies: after the lease the sweep makes them retries, the other claims the same ids, and the dead one is fenced off', async () => {
    const db = await start();
    const { ids: seeded } = await seedDeliveries(db, NOW, 5);
    const lost = await db.a.claimDue(NOW, 10);
    expect(ids(lost).sort()).toEqual([...seeded].sort());
    // a never completes. Before its lease lapses, its deliveries are not b's to take, nor its sweep's.
    expect(await db.b.sweepLapsed(NOW + LEASE_MS - 1, true)).toEqual([]);
    expect(await db.b.claimDue(NOW + LEASE_MS - 1, 10)).toEqual([]);
    expect(await db.b.nextDueAt()).toBeNull();
    const swept = await Promise.all([db.b.sweepLapsed(NOW + LEASE_MS, false), db.a.sweepLapsed(NOW + LEASE_MS, false)]);
    expect(ids(swept.flat()).sort()).toEqual([...seeded].sort());
    for (const delivery of swept.flat()) expect(delivery).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: NOW + LEASE_MS, leaseUntil: null });
    expect(await db.b.nextDueAt()).toBe(NOW + LEASE_MS);
    const taken = await db.b.claimDue(NOW + LEASE_MS, 10);
    expect(ids(taken).sort()).toEqual([...seeded].sort());
    for (const delivery of taken) expect(delivery).toMatchObject({ status: 'sending', attempts: 2, claimedBy: 'instance-b', leaseUntil: NOW + 2 * LEASE_MS });
    // a comes back (a long pause, not a crash): none of its late writes lands on b's attempt.
    const [one, two, three] = lost;
    if (one === undefined || two === undefined || three === undefined) throw new Error('claims expected');
    expect(await db.a.complete(one, null, NOW + LEASE_MS + 1)).toBe('stale');
    expect(await db.a.fail(two, 'HTTP 500', false, NOW + LEASE_MS + 1)).toBe('stale');
    expect(await db.a.release(three, NOW + LEASE_MS + 1)).toBe('stale');
    for (const delivery of [one, two, three]) expect(await db.b.find(delivery.id)).toMatchObject({ status: 'sending', attempts: 2, claimedBy: 'instance-b' });
    const [first] = taken;
    if (first === undefined) throw new Error('claims expected');
    expect(await db.b.complete(first, null, NOW + LEASE_MS + 2)).toBe('sent');
  });

  it('a restarting instance takes back its own earlier claims at once, not the live claims of another', async () => {
    const db = await start();
    await seedDeliveries(db, NOW, 4);
    const [mine, theirs] = [await db.a.claimDue(NOW, 2), await db.b.claimDue(NOW, 2)];
    expect(await db.a.sweepLapsed(NOW + 1, false)).toEqual([]);
    const back = await db.a.sweepLapsed(NOW + 1, true);
    expect(ids(back).sort()).toEqual(ids(mine).sort());
    expect(back.every((delivery) => delivery.status === 'retrying' && delivery.attempts === 1)).toBe(true);
    for (const delivery of theirs) expect(await db.a.find(delivery.id)).toMatchObject({ status: 'sending', claimedBy: 'instance-b' });
    // A delivery left `sending` without a lease (claimed before leases existed) is lapsed too.
    await db.exec('UPDATE deliveries SET lease_until = NULL WHERE id = $1', [theirs[0]?.id]);
    expect(ids(await db.b.sweepLapsed(NOW + 2, false))).toEqual([theirs[0]?.id]);
  });

  it('50 due deliveries claimed by both instances at once: each claimed exactly once', async () => {
    const db = await start();
    const { ids: seeded } = await seedDeliveries(db, NOW, 50);
    const claims = await drain(db.a, db.b, NOW, 8);
    expect([...claims.keys()].sort()).toEqual([...seeded].sort());
    const twice = [...claims.entries()].filter(([, by]) => by.length !== 1);
    expect(twice).toEqual([]);
    const byA = [...claims.values()].filter(([by]) => by === 'instance-a').length;
    expect(byA + [...claims.values()].filter(([by]) => by === 'instance-b').length).toBe(50);
    const rows = v.parse(v.array(v.object({ attempts: v.number(), status: v.string() })), await db.rows('SELECT attempts, status FROM deliveries'));
    expect(rows.every((row) => row.attempts === 1 && row.status === 'sending')).toBe(true);
  });
});

describe('the leased delivery queue on PostgreSQL, two pools', () => {
  let backend: TwoInstances<LeasedDeliveryQueue> | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('passes over rows another instance is claiming at this moment instead of waiting for them', async () => {
    const db = (backend = await pgBackend((pool, instance) => new PgDeliveryQueue(pool, options(instance))).open());
    const { ids: seeded } = await seedDeliveries(db, NOW, 10);
    const schema = v.parse(v.array(v.object({ s: v.string() })), await db.rows('SELECT current_schema() AS s'))[0]?.s ?? '';
    // An instance in the middle of its claim: the first 4 rows locked by an open transaction.
    const holder = createPgPool(inject('pgUrl'), { max: 1, schema });
    // A claim that would wait for them fails instead of hanging the test.
    const waiter = createPgPool(`${inject('pgUrl')}?options=${encodeURIComponent(`-c search_path=${schema} -c lock_timeout=5s`)}`, { max: 1 });
    const held = await holder.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT id FROM deliveries WHERE id = ANY($1) FOR UPDATE', [seeded.slice(0, 4)]);
      const claimed = await new PgDeliveryQueue(waiter, options('c')).claimDue(NOW, 10);
      expect(ids(claimed).sort()).toEqual(seeded.slice(4).sort());
      await held.query('ROLLBACK');
      expect(ids(await db.a.claimDue(NOW, 10)).sort()).toEqual(seeded.slice(0, 4).sort());
    } finally {
      held.release();
      await Promise.all([holder.end(), waiter.end()]);
    }
  });

  it('200 due deliveries drained by 16 concurrent claimers on two pools: none twice, none left', async () => {
    const db = (backend = await pgBackend((pool, instance) => new PgDeliveryQueue(pool, options(instance))).open());
    const { ids: seeded } = await seedDeliveries(db, NOW, 200);
    const claims = await drain(db.a, db.b, NOW, 16);
    expect(claims.size).toBe(200);
    expect([...claims.values()].filter((by) => by.length !== 1)).toEqual([]);
    expect(new Set(seeded)).toEqual(new Set(claims.keys()));
    // Lapsed leases swept by both at once are each turned once, then due again for whichever instance asks: ids kept, attempt counted.
    const swept = await Promise.all([db.a.sweepLapsed(NOW + LEASE_MS, false), db.b.sweepLapsed(NOW + LEASE_MS, false)]);
    expect(swept.flat()).toHaveLength(200);
    const reclaimed = await drain(db.b, db.a, NOW + LEASE_MS, 16);
    expect(new Set(reclaimed.keys())).toEqual(new Set(seeded));
    expect([...reclaimed.values()].filter((by) => by.length !== 1)).toEqual([]);
    const attempts = v.parse(v.array(v.object({ n: v.number() })), await db.rows('SELECT DISTINCT attempts AS n FROM deliveries'));
    expect(attempts).toEqual([{ n: 2 }]);
  });
});

