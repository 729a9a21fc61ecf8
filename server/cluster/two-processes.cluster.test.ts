import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketObjects, type ClusterProcess, startClusterProcess } from '../test/cluster-processes';
import { makeJpeg } from '../test/fixtures';
import { auth, type ClusterTestEnv, clusterEnv } from '../test/helpers';
import type { RawResponse } from '../test/http-client';
import { photo, type Photo, UploadInProgress, uploadWhole } from '../test/upload-driver';

/**
 * Two real `npm run serve` processes (server/main.ts) on one PostgreSQL schema and one bucket prefix, configured by
 * their environment alone, one of them ended by SIGKILL: no handler runs, nothing is handed back or cleaned up.
 */

/** Short leases, so the survivor takes a dead instance's send over within the test (production: DELIVERY's). */
const LEASES = { DELIVERY_LEASE_MS: '2000', DELIVERY_LEASE_SWEEP_MS: '200' };
const PROCESS_ENV = { ...LEASES, WEBHOOK_ALLOW_PRIVATE: 'true', RATE_LIMIT_UPLOADS_PER_SESSION: '100000' };
/** Far beyond what each step needs; reaching it fails the test instead of hanging it. */
const STEP_GIVE_UP_MS = 20_000;

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function start(env: ClusterTestEnv, name: string): Promise<ClusterProcess> {
  const instance = await startClusterProcess(env, name, PROCESS_ENV);
  cleanup.push(
    () => fs.rmSync(instance.dataDir, { recursive: true, force: true }),
    () => instance.kill('SIGKILL'),
  );
  return instance;
}

async function api<T>(instance: ClusterProcess, method: string, url: string, body: unknown): Promise<T> {
  const response = await fetch(`${instance.base}${url}`, { method, headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const createSession = async (instance: ClusterProcess) => (await api<{ id: string }>(instance, 'POST', '/api/v1/upload-sessions', { max_images: 200 })).id;

/** Re-checks `done` until it gives a value, at most STEP_GIVE_UP_MS. */
async function until<T>(what: string, done: () => Promise<T | undefined>): Promise<T> {
  const giveUp = Date.now() + STEP_GIVE_UP_MS;
  for (;;) {
    const value = await done();
    if (value !== undefined) return value;
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type ImageRow = { id: string; storage_name: string; sha256: string; idempotency_key: string | null };

/** Rows against objects: every row's object exists and holds its bytes; every object without a row is an intent. */
async function expectRowsWithIntactObjects(env: ClusterTestEnv): Promise<{ rows: ImageRow[]; orphans: string[] }> {
  const rows = (await env.rows('SELECT id, storage_name, sha256, idempotency_key FROM images ORDER BY id')) as ImageRow[];
  const objects = await bucketObjects(env);
  for (const row of rows) expect(objects.get(row.storage_name), `object of image ${row.id}`).toBe(row.sha256);
  const named = new Set(rows.map((row) => row.storage_name));
  const orphans = [...objects.keys()].filter((name) => !named.has(name));
  const intents = (await env.rows('SELECT storage_name FROM photo_intents')) as { storage_name: string }[];
  // An upload cut between its put and its commit: its intent names it, and any instance's sweeper removes it later.
  expect(orphans.filter((name) => !intents.some((intent) => intent.storage_name === name))).toEqual([]);
  return { rows, orphans };
}

/** A loopback webhook receiver that holds the first request open (a send in flight) and answers every later one 200. */
async function holdingReceiver() {
  const ids: string[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers['x-aptr-delivery-id']));
      if (ids.length === 1) held.push(response);
      else response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const response of held.splice(0)) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, ids };
}

describe('two real processes on one schema and one bucket, one of them SIGKILLed', () => {
  it('mid-upload: every 201 keeps its row and its object, no row lacks its object, the survivor keeps taking photos', async () => {
    const env = await clusterEnv();
    cleanup.push(() => env.drop());
    const [a, b] = await Promise.all([start(env, 'a'), start(env, 'b')]);
    const sessionId = await createSession(a);
    const small = (i: number): Photo => photo(`p${i}`, `key-${i}`, makeJpeg(64 + i, 48));
    const accepted: Photo[] = [];
    const answer = async (item: Photo, instance: ClusterProcess): Promise<void> => {
      const response: RawResponse | undefined = await uploadWhole(instance.port, sessionId, item).catch(() => undefined);
      if (response?.status === 201) accepted.push(item);
    };

    // Before the kill: photos to both, all answered.
    for (let i = 0; i < 8; i++) await answer(small(i), i % 2 === 0 ? a : b);
    expect(accepted).toHaveLength(8);

    // A slow upload on A: half its body sent, and A has it in its spool, when A is killed.
    const slow = new UploadInProgress(a.port, sessionId, photo('slow', 'key-slow', makeJpeg(800, 600, { noise: true })));
    await slow.writeTo(Math.floor(slow.body.length / 2));
    const spool = path.join(a.dataDir, 'incoming');
    await until('the slow upload in A\'s spool', async () => (fs.existsSync(spool) && fs.readdirSync(spool).length > 0 ? true : undefined));
    // Uploads to both instances keep going while A dies.
    const racing = Array.from({ length: 6 }, (_, i) => answer(small(100 + i), i % 2 === 0 ? a : b));
    expect(await a.kill('SIGKILL')).toBe('SIGKILL');
    await expect(slow.finish()).rejects.toThrow();
    await Promise.all(racing);

    // After: B takes photos on its own.
    for (let i = 200; i < 204; i++) await answer(small(i), b);

    const { rows } = await expectRowsWithIntactObjects(env);
    const keys = rows.map((row) => row.idempotency_key);
    for (const item of accepted) {
      const row = rows.find((candidate) => candidate.idempotency_key === item.key);
      expect(row?.sha256, `row of ${item.label}`).toBe(item.sha256);
    }
    expect(keys).not.toContain('key-slow');
    expect(new Set(keys).size).toBe(keys.length);
    // Eight before, B's three of the racing six, four after: A's racing three may or may not have been answered.
    expect(accepted.length).toBeGreaterThanOrEqual(15);
    console.log(`two processes, kill mid-upload: ${accepted.length} photos answered 201, ${rows.length} rows, none lost`);
  }, 90_000);

  it('mid-delivery: the survivor sends the dead instance\'s delivery again once its lease lapses, with the same delivery id', async () => {
    const env = await clusterEnv();
    cleanup.push(() => env.drop());
    const receiver = await holdingReceiver();
    const [a, b] = await Promise.all([start(env, 'a'), start(env, 'b')]);
    await api(a, 'POST', '/api/v1/destinations', { type: 'webhook', name: 'Receiver', url: receiver.url, is_default: true });
    const sessionId = await createSession(b);
    const item = photo('held', 'key-held', makeJpeg(96, 64));
    const uploaded = await uploadWhole(b.port, sessionId, item);
    expect(uploaded.status).toBe(201);

    // The send is in flight: the receiver holds it, the row names the instance that claimed it.
    type Delivery = { id: string; status: string; attempts: number; claimed_by: string | null };
    const deliveries = async () => (await env.rows('SELECT id, status, attempts, claimed_by FROM deliveries')) as Delivery[];
    const first = await until('the held send', async () => (receiver.ids.length === 1 ? (await deliveries())[0] : undefined));
    expect(first).toMatchObject({ id: receiver.ids[0], status: 'sending', attempts: 1 });
    const [holder, survivor] = first.claimed_by === 'a' ? [a, b] : [b, a];
    expect(holder.name).toBe(first.claimed_by);
    expect(await holder.kill('SIGKILL')).toBe('SIGKILL');

    const done = await until('the survivor\'s send', async () => {
      const [row] = await deliveries();
      return row?.status === 'sent' ? row : undefined;
    });
    expect(done).toEqual({ id: first.id, status: 'sent', attempts: 2, claimed_by: survivor.name });
    expect(receiver.ids).toEqual([first.id, first.id]);
    await expectRowsWithIntactObjects(env);
    console.log(`two processes, kill mid-delivery: ${holder.name} killed holding ${first.id}, ${survivor.name} sent it again after the ${LEASES.DELIVERY_LEASE_MS} ms lease`);
  }, 90_000);
});
