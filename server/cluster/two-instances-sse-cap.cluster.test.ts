/**
 * The cap of LIVE.sseStreamsPerSessionMax SSE streams per session on two cluster instances: the streams of both
 * count, a closed stream frees its slot, a closed instance frees all of its, and the rows of an instance that died
 * without closing stop counting after their lease.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE } from '../limits';
import { type ClusterTestEnv, clusterEnv } from '../test/helpers';
import { createSession } from '../test/sessions';
import { openSse, type SseStream } from '../test/sse-client';
import { clusterInstance } from '../test/two-instances';
import type { ClusterOptions } from './cluster-stores';

interface Instance {
  app: FastifyInstance;
  base: string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function instance(env: ClusterTestEnv, name: string, sseStreams?: ClusterOptions['sseStreams']): Promise<Instance> {
  const app = await clusterInstance(env, cleanup, { options: { instanceId: `cap-${name}`, ...(sseStreams === undefined ? {} : { sseStreams }) } });
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

async function twoInstances(sseStreams?: ClusterOptions['sseStreams']): Promise<{ a: Instance; b: Instance; env: ClusterTestEnv }> {
  const env = await clusterEnv();
  cleanup.push(() => env.drop());
  const [a, b] = await Promise.all([instance(env, 'a', sseStreams), instance(env, 'b', sseStreams)]);
  return { a, b, env };
}

/** Opens a stream and reads up to its `connected` event (fails loudly on anything but 200). */
async function openStream(on: Instance, sessionId: string): Promise<SseStream> {
  const stream = await openSse(`${on.base}/api/v1/upload/${sessionId}/events`);
  cleanup.push(() => stream.close());
  if (stream.status !== 200) throw new Error(`stream refused: ${stream.status}`);
  await stream.next();
  return stream;
}

/** The status of one more stream's request (its body is dropped at once). */
async function oneMore(on: Instance, sessionId: string): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${on.base}/api/v1/upload/${sessionId}/events`, { signal: controller.signal });
  controller.abort();
  return response.status;
}

const MAX = LIVE.sseStreamsPerSessionMax;

/** `count` streams, alternately on A and B. */
const splitStreams = (a: Instance, b: Instance, sessionId: string, count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => openStream(i % 2 === 0 ? a : b, sessionId)));

async function rowsOf(env: ClusterTestEnv, sessionId: string): Promise<number> {
  const [row] = (await env.rows('SELECT COUNT(*) AS n FROM live_streams WHERE session_id = $1', [sessionId])) as { n: number }[];
  return row?.n ?? 0;
}

/** Asks again every 20 ms until `check` holds (the test's timeout bounds the wait). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe(`the SSE cap (${MAX} streams per session) across two cluster instances`, () => {
  it(`refuses the ${MAX + 1}st stream with 429 on either instance, and a closed stream frees its slot`, async () => {
    const { a, b, env } = await twoInstances();
    const { id } = await createSession(a.app);
    const streams = await splitStreams(a, b, id, MAX);
    expect(await oneMore(a, id)).toBe(429);
    expect(await oneMore(b, id)).toBe(429);
    const refused = await b.app.inject({ url: `/api/v1/upload/${id}/events` });
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another session is not affected.
    const { id: other } = await createSession(b.app);
    await openStream(a, other);

    // A stream on B ends: its slot is free, on A too, and taken again.
    streams[1]?.close();
    await eventually(async () => (await rowsOf(env, id)) === MAX - 1);
    await openStream(a, id);
    expect(await oneMore(b, id)).toBe(429);
  });

  it('frees every slot of an instance that closes, for the other', async () => {
    const { a, b, env } = await twoInstances();
    const { id } = await createSession(a.app);
    await splitStreams(a, b, id, MAX);
    expect(await oneMore(b, id)).toBe(429);
    await a.app.close();
    expect(await rowsOf(env, id)).toBe(MAX / 2);
    await Promise.all(Array.from({ length: MAX / 2 }, () => openStream(b, id)));
    expect(await oneMore(b, id)).toBe(429);
  });

  it('keeps counting live streams past their lease (the heartbeat refreshes them), and stops counting a dead instance’s', async () => {
    const leaseMs = 1_000;
    const { a, b, env } = await twoInstances({ heartbeatMs: 100, leaseMs });
    const { id } = await createSession(a.app);
    await splitStreams(a, b, id, MAX);
    await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
    expect(await oneMore(a, id)).toBe(429);

    // A third instance was killed with streams open: its rows are never refreshed nor deleted.
    const { id: orphaned } = await createSession(a.app);
    const stale = Date.now() - 2 * leaseMs;
    for (let i = 0; i < MAX; i++) {
      await env.rows('INSERT INTO live_streams (stream_id, session_id, instance_id, seen_at) VALUES ($1, $2, $3, $4)', [`dead-${i}`, orphaned, 'cap-dead', stale]);
    }
    await openStream(b, orphaned);
    expect(await rowsOf(env, orphaned)).toBe(1);
  });
});
