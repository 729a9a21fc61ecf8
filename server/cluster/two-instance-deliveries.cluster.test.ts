import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhook } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { holdingReceiver } from '../test/holding-receiver';
import { type ClusterTestEnv, clusterEnv } from '../test/helpers';
import { createSession } from '../test/sessions';
import { clusterInstance } from '../test/two-instances';
import { upload } from '../test/upload-helpers';
import type { ClusterOptions } from './cluster-stores';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** One instance on the test's schema and bucket, named `instanceId` in its delivery leases. */
const instance = (env: ClusterTestEnv, instanceId: string, delivery: ClusterOptions['delivery'] = {}): Promise<FastifyInstance> =>
  clusterInstance(env, cleanup, { env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '20' }, options: { instanceId, delivery } });

const DeliveryRows = 'SELECT id, status, attempts, claimed_by FROM deliveries ORDER BY id';
type DeliveryRow = { id: string; status: string; attempts: number; claimed_by: string | null };

/** Re-reads the deliveries until `done` holds (the test's own timeout bounds it). */
async function untilDeliveries(env: ClusterTestEnv, done: (rows: DeliveryRow[]) => boolean): Promise<DeliveryRow[]> {
  for (;;) {
    const rows = (await env.rows(DeliveryRows)) as DeliveryRow[];
    if (done(rows)) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setUp(hold: (n: number) => boolean) {
  const env = await clusterEnv();
  cleanup.push(() => env.drop());
  const receiver = await holdingReceiver(hold, 'x-aptr-delivery-id');
  cleanup.push(() => receiver.close());
  return { env, receiver };
}

describe('photo deliveries across two instances on one schema and one bucket', () => {
  it('30 uploads split across A and B: each delivery id reaches the receiver exactly once', async () => {
    const { env, receiver } = await setUp(() => false);
    const [a, b] = [await instance(env, 'a', { leaseSweepMs: 50 }), await instance(env, 'b', { leaseSweepMs: 50 })];
    await createWebhook(a, receiver.url, { is_default: true });
    const { id } = await createSession(b, { max_images: 30 });
    const photo = makeJpeg(64, 48);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => upload(i % 2 === 0 ? a : b, id, photo)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 30 }, () => 201));
    // Planned in the upload's own transaction: each 201 counts its one destination.
    expect(answers.map((answer) => answer.json<{ destinations: number }>().destinations)).toEqual(Array.from({ length: 30 }, () => 1));
    const rows = await untilDeliveries(env, (all) => all.length === 30 && all.every((row) => row.status === 'sent'));
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect([...receiver.ids].sort()).toEqual(rows.map((row) => row.id));
  });

  it('a claim whose lease lapsed (its instance stopped answering) is sent again by the other, with the same delivery id', async () => {
    const { env, receiver } = await setUp((n) => n === 1);
    const a = await instance(env, 'a', { leaseMs: 300 });
    await createWebhook(a, receiver.url, { is_default: true });
    const { id } = await createSession(a);
    expect((await upload(a, id, makeJpeg(64, 48))).statusCode).toBe(201);
    await receiver.until(1);
    expect(await env.rows(DeliveryRows)).toEqual([{ id: receiver.ids[0], status: 'sending', attempts: 1, claimed_by: 'a' }]);
    // A is stuck in its send (the receiver holds it). B starts, sweeps A's lapsed lease and claims it itself.
    await instance(env, 'b', { leaseMs: 300, leaseSweepMs: 50 });
    await receiver.until(2);
    expect(receiver.ids[1]).toBe(receiver.ids[0]);
    await untilDeliveries(env, ([row]) => row?.status === 'sent');
    // A's late answer finds its claim lost: it writes nothing over B's.
    receiver.answerHeld();
    await a.close();
    expect(await env.rows(DeliveryRows)).toEqual([{ id: receiver.ids[0], status: 'sent', attempts: 2, claimed_by: 'b' }]);
  });

  it('an instance closed with sends in flight hands them back, and the other sends them with the same delivery ids', async () => {
    const { env, receiver } = await setUp((n) => n <= 3);
    const a = await instance(env, 'a');
    await createWebhook(a, receiver.url, { is_default: true });
    const { id } = await createSession(a);
    for (let i = 0; i < 3; i++) expect((await upload(a, id, makeJpeg(64, 48))).statusCode).toBe(201);
    await receiver.until(3);
    await instance(env, 'b', { leaseSweepMs: 50 });
    await a.close();
    await receiver.until(6);
    const rows = await untilDeliveries(env, (all) => all.every((row) => row.status === 'sent'));
    expect(rows.map((row) => row.claimed_by)).toEqual(['b', 'b', 'b']);
    // Released, A's attempts were not counted: B's is the first.
    expect(rows.map((row) => row.attempts)).toEqual([1, 1, 1]);
    expect(receiver.ids.slice(3).sort()).toEqual([...receiver.ids.slice(0, 3)].sort());
    expect(receiver.ids.slice(0, 3).sort()).toEqual(rows.map((row) => row.id));
  });
});
