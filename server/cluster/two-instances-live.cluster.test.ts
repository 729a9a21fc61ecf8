/**
 * Two cluster instances (two buildApp, each with its pool, its S3 client and its LISTEN connection) on one schema
 * and one bucket, for what they must share live: SSE streams, Last-Event-ID replay, long polls, rate limits and
 * password guesses, the catch-up after a lost LISTEN connection, and /healthz.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { PASSWORD_GUESSES, RATE_LIMITS } from '../limits';
import { makeJpeg } from '../test/fixtures';
import { auth, type ClusterTestEnv, clusterEnv, TEST_API_KEY } from '../test/helpers';
import { createSession } from '../test/sessions';
import { openSse, type SseStream } from '../test/sse-client';
import { upload } from '../test/upload-helpers';
import type { ClusterOptions } from './cluster-stores';

interface Instance {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  /** application_name of its LISTEN connection in pg_stat_activity. */
  listener: string;
}

/** Each instance's own settings on top of the shared schema and bucket: the LISTEN connection's timings, the database's URL. */
interface InstanceOptions {
  liveBus?: ClusterOptions['liveBus'];
  databaseUrl?: string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function instance(env: ClusterTestEnv, name: string, { liveBus, databaseUrl }: InstanceOptions = {}): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `qrdrop-live-${name}-`));
  const applicationName = `qrdrop-${name}-${env.options.pgSchema ?? ''}`;
  const app = await buildApp({
    config: loadConfig({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://qrdrop.test',
      QRDROP_API_KEYS: TEST_API_KEY,
      LOG_LEVEL: 'silent',
      LONG_POLL_MAX_SECONDS: String(LONG_POLL_HOLD_MS / 1000),
      ...env.env,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    }),
    clusterOptions: { ...env.options, applicationName, ...(liveBus === undefined ? {} : { liveBus }) },
  });
  cleanup.push(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }), listener: `${applicationName}-listen` };
}

/** A schema and a bucket prefix for the test, and instances A and B on them. */
async function twoInstances(options: { b?: InstanceOptions } = {}): Promise<{ a: Instance; b: Instance; env: ClusterTestEnv }> {
  const env = await clusterEnv();
  cleanup.push(() => env.drop());
  const [a, b] = await Promise.all([instance(env, 'a'), instance(env, 'b', options.b)]);
  return { a, b, env };
}

/** The long polls' hold here: a poll that is not woken answers only after it, well past any wake-up. */
const LONG_POLL_HOLD_MS = 15_000;

async function stream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const opened = await openSse(url, headers);
  cleanup.push(() => opened.close());
  return opened;
}

const eventsUrl = (instance: Instance, sessionId: string) => `${instance.base}/api/v1/upload/${sessionId}/events`;

/** Uploads one photo and returns its image id (fails loudly on anything but 201). */
async function uploadOne(app: FastifyInstance, sessionId: string, filename = 'photo.jpg'): Promise<string> {
  const answer = await upload(app, sessionId, makeJpeg(16, 12), { filename });
  if (answer.statusCode !== 201) throw new Error(`upload failed: ${answer.statusCode} ${answer.body}`);
  return answer.json<{ id: string }>().id;
}

/** Asks again every 20 ms until `check` holds (the test's timeout bounds the wait). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const healthOf = async (instance: Instance) => (await instance.app.inject({ url: '/healthz' })).statusCode;

/** Cuts the instance's LISTEN connection from the server side, as a failover or an idle-connection killer would. */
async function terminateListener(env: ClusterTestEnv, instance: Instance): Promise<void> {
  const killed = await env.rows('SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1', [instance.listener]);
  expect(killed).toEqual([{ done: true }]);
}

describe('live events across two cluster instances', () => {
  it('streams every photo uploaded on A to an SSE client on B, in order, and replays from a Last-Event-ID on B', async () => {
    const { a, b, env } = await twoInstances();
    const { id } = await createSession(a.app);
    const onB = await stream(eventsUrl(b, id));
    expect(await onB.next()).toEqual({ event: 'connected', data: expect.objectContaining({ sessionId: id, status: 'pending', imagesCount: 0 }) });

    const uploaded: string[] = [];
    for (let i = 1; i <= 5; i++) uploaded.push(await uploadOne(a.app, id, `photo-${i}.jpg`));
    const seen = [];
    for (let i = 1; i <= 5; i++) seen.push(await onB.next());
    expect(seen).toEqual(
      uploaded.map((imageId, i) => ({
        id: String(i + 1),
        event: 'image:ready',
        data: expect.objectContaining({ imageId, filename: `photo-${i + 1}.jpg`, image: expect.objectContaining({ index: i + 1 }) }),
      })),
    );

    // The client drops; two more photos arrive on A and the session is completed there; it comes back to B.
    onB.close();
    const later = [await uploadOne(a.app, id), await uploadOne(a.app, id)];
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/complete`, headers: auth() })).statusCode).toBe(200);
    // The 201 goes out as its event is being stored: wait until all three are, so that they are replayed, not live.
    await eventually(async () => (await env.rows('SELECT event_seq FROM sessions WHERE id = $1', [id])).some((row) => (row as { event_seq: number }).event_seq === 8));
    const again = await stream(eventsUrl(b, id), { 'last-event-id': '5' });
    expect([await again.next(), await again.next(), await again.next(), await again.next()]).toEqual([
      { id: '6', event: 'image:ready', data: expect.objectContaining({ imageId: later[0] }) },
      { id: '7', event: 'image:ready', data: expect.objectContaining({ imageId: later[1] }) },
      { id: '8', event: 'session:completed', data: expect.objectContaining({ sessionId: id }) },
      { event: 'connected', data: expect.objectContaining({ sessionId: id, status: 'completed', imagesCount: 7 }) },
    ]);
  });

  it('wakes a long poll held on B when a photo arrives on A, long before its hold ends', async () => {
    const { a, b } = await twoInstances();
    const { id } = await createSession(a.app);
    const before = await b.app.inject({ url: `/api/v1/upload-sessions/${id}/delivery-status`, headers: auth() });
    expect(before.statusCode).toBe(200);
    const { lastChanged, files } = before.json<{ lastChanged: string; files: unknown[] }>();
    expect(files).toEqual([]);

    const started = performance.now();
    const held = b.app.inject({ url: `/api/v1/upload-sessions/${id}/delivery-status?pollFrom=${encodeURIComponent(lastChanged)}`, headers: auth() });
    await eventually(async () => b.app.qrdrop.delivery.waitingPolls === 1);
    const uploadSent = performance.now();
    const imageId = await uploadOne(a.app, id, 'woken.jpg');
    const uploadAnswered = performance.now();
    const answer = await held;
    const woke = performance.now();

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'active', files: [{ record_id: imageId, filename: 'woken.jpg', destinations: [] }] });
    expect(Date.parse(answer.json<{ lastChanged: string }>().lastChanged)).toBeGreaterThan(Date.parse(lastChanged));
    expect(woke - started).toBeLessThan(LONG_POLL_HOLD_MS);
    expect(b.app.qrdrop.delivery.waitingPolls).toBe(0);
    console.info(
      `long poll on B woken by an upload on A: ${(woke - uploadAnswered).toFixed(1)} ms after the upload's 201, ` +
        `${(woke - uploadSent).toFixed(1)} ms after it was sent (the upload itself took ${(uploadAnswered - uploadSent).toFixed(1)} ms)`,
    );
  });

  it(`refuses the ${RATE_LIMITS.uploadsPerSession + 1}st upload of a minute with 429 whichever instance gets it`, async () => {
    const { a, b, env } = await twoInstances();
    const { id } = await createSession(a.app, { max_images: 100 });
    const photo = makeJpeg(16, 12);
    const limit = RATE_LIMITS.uploadsPerSession;
    // Two more than the limit, at once, half on each instance: exactly the limit gets through.
    const answers = await Promise.all(Array.from({ length: limit + 2 }, (_, i) => upload(i % 2 === 0 ? a.app : b.app, id, photo)));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    for (const next of [a, b]) {
      const refused = await upload(next.app, id, photo);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await env.rows('SELECT COUNT(*) AS n FROM images WHERE session_id = $1', [id])).toEqual([{ n: limit }]);
  });

  it(`refuses the ${PASSWORD_GUESSES.perClientPerMinute + 1}th wrong password with 429 whichever instance gets it, and only for that client`, async () => {
    const { a, b } = await twoInstances();
    const { id } = await createSession(a.app, { password: 'right horse battery' });
    const photo = makeJpeg(16, 12);
    const guess = (instance: Instance, password: string, remoteAddress = '203.0.113.7') =>
      upload(instance.app, id, photo, { headers: { 'x-session-password': password }, remoteAddress });
    const allowance = PASSWORD_GUESSES.perClientPerMinute;
    const wrong = [];
    for (let i = 0; i < allowance; i++) wrong.push((await guess(i % 2 === 0 ? a : b, `wrong ${i}`)).statusCode);
    expect(wrong).toEqual(Array.from({ length: allowance }, () => 401));
    for (const next of [a, b]) {
      const refused = await guess(next, 'wrong again');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    }
    // The guesser is refused even with the right password now; another client is not.
    expect((await guess(b, 'right horse battery')).statusCode).toBe(429);
    expect((await guess(b, 'right horse battery', '198.51.100.4')).statusCode).toBe(201);
  });

  it('heals a dropped LISTEN connection by catch-up: B still streams what A stored while B was not listening', async () => {
    // B reconnects only after a while, so A's event is committed while B has no LISTEN connection at all.
    const { a, b, env } = await twoInstances({ b: { liveBus: { reconnectFirstMs: 1_500 } } });
    const { id } = await createSession(a.app);
    const onB = await stream(eventsUrl(b, id));
    await onB.next(); // connected
    expect(await healthOf(b)).toBe(200);

    await terminateListener(env, b);
    await eventually(async () => (await healthOf(b)) === 503);
    const imageId = await uploadOne(a.app, id);
    expect(await healthOf(b)).toBe(503);
    expect(await onB.next()).toMatchObject({ id: '1', event: 'image:ready', data: { imageId } });
    expect(await healthOf(b)).toBe(200);
    // And notifications reach B again on its new connection.
    const next = await uploadOne(a.app, id);
    expect(await onB.next()).toMatchObject({ id: '2', event: 'image:ready', data: { imageId: next } });
  });
});

describe('/healthz of a cluster instance', () => {
  it('answers 503 not_ready, saying nothing more, while its LISTEN connection is down, and 200 again once it is back', async () => {
    const { a, b, env } = await twoInstances({ b: { liveBus: { reconnectFirstMs: 1_000 } } });
    expect((await b.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    await terminateListener(env, b);
    await eventually(async () => (await healthOf(b)) === 503);
    const down = await b.app.inject({ url: '/healthz' });
    expect(down.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'This instance is not ready to serve. Try another one.', code: 'not_ready' });
    // A was not touched.
    expect(await healthOf(a)).toBe(200);
    await eventually(async () => (await healthOf(b)) === 200);
  });

  it('answers 503 when the database does not answer SELECT 1 in time, and 200 once it does again', async () => {
    const env = await clusterEnv();
    cleanup.push(() => env.drop());
    const link = await stallableLink(new URL(inject('pgUrl')));
    cleanup.push(() => link.close());
    const url = new URL(inject('pgUrl'));
    url.port = String(link.port);
    const only = await instance(env, 'stalled', { databaseUrl: url.toString() });
    expect(await healthOf(only)).toBe(200);

    // Every byte between the instance and PostgreSQL is held: its connections stay open, nothing answers.
    link.stall();
    const stalled = await only.app.inject({ url: '/healthz' });
    expect(stalled.statusCode).toBe(503);
    expect(stalled.json()).toMatchObject({ code: 'not_ready' });
    link.resume();
    await eventually(async () => (await healthOf(only)) === 200);
  });
});

/**
 * A TCP link to the database that can be stalled: while stalled, bytes either way are held (not dropped, no
 * connection closed), as with a database that hangs or a network that stops delivering; resumed, they flow on.
 */
async function stallableLink(target: URL): Promise<{ port: number; stall: () => void; resume: () => void; close: () => Promise<void> }> {
  let stalled = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk) => {
      if (stalled) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const send of held.splice(0)) send();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
