import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth, type ClusterTestEnv, clusterEnv } from '../test/helpers';
import { holdingReceiver } from '../test/holding-receiver';
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
  clusterInstance(env, cleanup, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' }, options: { instanceId, delivery } });

async function subscribe(app: FastifyInstance, url: string, topics: string[]): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/projects/qrdrop/webhooks', headers: auth(), payload: { url, topics } });
  expect(response.statusCode).toBe(201);
}

const EventRows = 'SELECT id, topic, status, attempts, claimed_by FROM event_deliveries ORDER BY id';
type EventRow = { id: string; topic: string; status: string; attempts: number; claimed_by: string | null };

/** Re-reads the event deliveries until `done` holds (the test's own timeout bounds it). */
async function untilEvents(env: ClusterTestEnv, done: (rows: EventRow[]) => boolean): Promise<EventRow[]> {
  for (;;) {
    const rows = (await env.rows(EventRows)) as EventRow[];
    if (done(rows)) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setUp(hold: (n: number) => boolean) {
  const env = await clusterEnv();
  cleanup.push(() => env.drop());
  const receiver = await holdingReceiver(hold, 'x-apertur-delivery-id');
  cleanup.push(() => receiver.close());
  return { env, receiver };
}

describe('event webhooks across two instances on one schema', () => {
  it('sessions and uploads on A and B: every event reaches the receiver once per delivery id', async () => {
    const { env, receiver } = await setUp(() => false);
    const [a, b] = [await instance(env, 'a', { leaseSweepMs: 50 }), await instance(env, 'b', { leaseSweepMs: 50 })];
    await subscribe(b, receiver.url, ['project.session.created', 'project.upload.*', 'session.completed']);
    const sessions = [await createSession(a, { max_images: 10 }), await createSession(b, { max_images: 10 })];
    const photo = makeJpeg(32, 24);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => upload(i % 2 === 0 ? a : b, sessions[i % 2]?.id ?? '', photo)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 10 }, () => 201));
    expect((await a.inject({ method: 'POST', url: `/api/v1/upload-sessions/${sessions[1]?.id}/complete`, headers: auth() })).statusCode).toBe(200);
    // 2 created + 10 started + 10 completed + 1 completion, queued on whichever instance saw each.
    const rows = await untilEvents(env, (all) => all.length === 23 && all.every((row) => row.status === 'sent'));
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(rows.filter((row) => row.topic === 'project.upload.completed').length).toBe(10);
    expect(rows.filter((row) => row.topic === 'session.completed').length).toBe(1);
    expect([...receiver.ids].sort()).toEqual(rows.map((row) => row.id));
    // The webhook made on B is A's to read too, with B's and A's deliveries in one log.
    const [hook] = (await a.inject({ url: '/api/v1/projects/qrdrop/webhooks', headers: auth() })).json<{ id: string }[]>();
    const log = await a.inject({ url: `/api/v1/projects/qrdrop/webhooks/${hook?.id}/deliveries?limit=100`, headers: auth() });
    expect(log.json<{ total: number }>().total).toBe(23);
  });

  it('a claim whose lease lapsed is sent again by the other instance with the same delivery id; the late answer writes nothing', async () => {
    const { env, receiver } = await setUp((n) => n === 1);
    const a = await instance(env, 'a', { leaseMs: 300 });
    await subscribe(a, receiver.url, ['project.session.created']);
    await createSession(a);
    await receiver.until(1);
    expect(await env.rows(EventRows)).toEqual([{ id: receiver.ids[0], topic: 'project.session.created', status: 'sending', attempts: 1, claimed_by: 'a' }]);
    // A is stuck in its send (the receiver holds it). B starts, sweeps A's lapsed lease and claims it itself.
    await instance(env, 'b', { leaseMs: 300, leaseSweepMs: 50 });
    await receiver.until(2);
    expect(receiver.ids[1]).toBe(receiver.ids[0]);
    await untilEvents(env, ([row]) => row?.status === 'sent');
    // A's late answer finds its claim lost: it writes nothing over B's.
    receiver.answerHeld();
    await a.close();
    expect(await env.rows(EventRows)).toEqual([{ id: receiver.ids[0], topic: 'project.session.created', status: 'sent', attempts: 2, claimed_by: 'b' }]);
    expect(receiver.ids.length).toBe(2);
  });
});
