import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { planDeliveries } from '../delivery/delivery-plan';
import Database from 'better-sqlite3';
import { positional } from '../cluster/test-backends';
import { auth, type ClusterTestEnv, clusterEnv, onCluster, TEST_API_KEY, trackBucket } from './helpers';
import { upload } from './upload-helpers';

/**
 * Test-only helpers for the delivery tests: apps that can be restarted on the same data directory, sessions made
 * through the real integrator route, photos stored the way the upload route stores them, and a webhook receiver.
 */

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-delivery-'));

/**
 * On the cluster backend, each data directory's schema and bucket prefix, made by its first `startApp`: a restart
 * on the same directory finds the same rows and photos, as a restarted server finds its database. `removeData` drops them.
 */
const clusterOf = new Map<string, Promise<ClusterTestEnv>>();

function clusterFor(dataDir: string): Promise<ClusterTestEnv> {
  let cluster = clusterOf.get(dataDir);
  if (cluster === undefined) {
    cluster = clusterEnv();
    clusterOf.set(dataDir, cluster);
  }
  return cluster;
}

/**
 * A server on `dataDir` (on a cluster also its schema and bucket prefix); `clockOffsetMs` moves its clock ahead (a
 * restart "later"). On a cluster each data directory is one instance name, as with QRDROP_INSTANCE_ID: a restart
 * knows the deliveries it claimed before, as the single SQLite server does.
 */
export async function startApp(dataDir: string, env: Record<string, string> = {}, clockOffsetMs = 0): Promise<FastifyInstance> {
  const cluster = onCluster ? await clusterFor(dataDir) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://qrdrop.test',
    QRDROP_API_KEYS: TEST_API_KEY,
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_BASE_MS: '20',
    ...cluster?.env,
    ...env,
  });
  const now = () => Date.now() + clockOffsetMs;
  if (cluster === null) return buildApp({ config, now });
  const app = await buildApp({ config, now, clusterOptions: { ...cluster.options, instanceId: `qrdrop-${path.basename(dataDir)}` } });
  trackBucket(app, cluster.keys);
  return app;
}

/** Removes a data directory and, on a cluster, drops its schema and bucket prefix. Its apps are closed first. */
export async function removeData(dataDir: string): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const cluster = clusterOf.get(dataDir);
  clusterOf.delete(dataDir);
  await (await cluster)?.drop();
}

/**
 * Rows of a query on the database of `dataDir`'s apps, open or closed: `$1…$n` each used once, in order (SQLite
 * gets `?`). A write answers its rows with RETURNING.
 */
export async function dataRows(dataDir: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  if (onCluster) return (await clusterFor(dataDir)).rows(sql, params);
  const db = new Database(path.join(dataDir, 'qrdrop.sqlite'), { fileMustExist: true });
  try {
    return db.prepare(positional(sql)).all(...params);
  } finally {
    db.close();
  }
}

/** DELIVERY_FOLDER where the backend has a folder destination: a cluster has none (config.ts refuses it). */
export const withFolder = (folder: string): Record<string, string> => (onCluster ? {} : { DELIVERY_FOLDER: folder });

/** The folder destination as the session replies list it, where the backend has one (withFolder). */
export const folderListed: { id: string; type: string; name: string }[] = onCluster ? [] : [{ id: 'local-folder', type: 'folder', name: 'Local folder' }];

/** Teardown steps a test collects; the test's afterEach runs them in reverse. */
export type Cleanup = (() => Promise<void> | void)[];

/** `startApp` on a fresh data directory, listening on 127.0.0.1; closing it and removing its data go on `cleanup`. */
export async function listeningApp(cleanup: Cleanup, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; base: string }> {
  const dataDir = tempDir();
  cleanup.push(() => removeData(dataDir));
  const app = await startApp(dataDir, env);
  cleanup.push(() => app.close());
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

export async function createSession(app: FastifyInstance, body: Record<string, unknown> = {}): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: body });
  if (response.statusCode !== 201) throw new Error(`session create failed: ${response.statusCode} ${response.body}`);
  const created: unknown = response.json();
  if (typeof created !== 'object' || created === null || !('id' in created) || typeof created.id !== 'string') {
    throw new Error('session create answered without an id');
  }
  return created.id;
}

export async function createWebhook(app: FastifyInstance, url: string, extra: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/destinations',
    headers: auth(),
    payload: { type: 'webhook', name: 'Receiver', url, ...extra },
  });
  if (response.statusCode !== 201) throw new Error(`destination create failed: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; secret: string }>();
}

/**
 * The id of where the app delivers a session's photos by default: its folder on SQLite (started `withFolder`), or, on
 * a cluster, which has none, a default webhook to a receiver of its own (closed on `cleanup`).
 */
export async function defaultDestination(app: FastifyInstance, cleanup: Cleanup): Promise<string> {
  if (!onCluster) return 'local-folder';
  const receiver = await startReceiver();
  cleanup.push(() => receiver.close());
  return (await createWebhook(app, receiver.url, { is_default: true })).id;
}

/** Sends a photo through the real upload route, as the phone does; returns the new image's id. */
export async function uploadPhoto(
  app: FastifyInstance,
  sessionId: string,
  bytes: Buffer,
  { filename = 'photo.jpg', contentType = 'image/jpeg' } = {},
): Promise<string> {
  const response = await upload(app, sessionId, bytes, { filename, contentType });
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.statusCode} ${response.body}`);
  const body: unknown = response.json();
  if (typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') throw new Error('upload answered without an id');
  return body.id;
}

/**
 * Stores a photo as the SQLite upload route does (file under images/<session>/, row in `images` and its deliveries
 * planned in one transaction) and publishes image:ready. `plan: false` leaves the deliveries out, as a crash
 * between the two did before they shared a transaction. Returns the image id. SQLite only: a cluster has planned in
 * the insert's transaction from the start, so it has no such past; elsewhere photos go through `uploadPhoto`.
 */
export function storeImage(
  app: FastifyInstance,
  sessionId: string,
  bytes: Buffer,
  { filename = 'photo.jpg', mimeType = 'image/jpeg', plan = true, publish = true } = {},
): string {
  if (onCluster) throw new Error('storeImage writes SQLite and the images folder: on a cluster, use uploadPhoto');
  const { db, paths, events, config } = app.qrdrop;
  const id = randomUUID();
  const storageName = `${id}.jpg`;
  fs.mkdirSync(path.join(paths.images, sessionId), { recursive: true });
  fs.writeFileSync(path.join(paths.images, sessionId, storageName), bytes);
  db.transaction(() => {
    const next = db.prepare('SELECT COALESCE(MAX(idx), 0) + 1 AS idx FROM images WHERE session_id = ?').get(sessionId);
    const index = typeof next === 'object' && next !== null && 'idx' in next ? Number(next.idx) : 1;
    const now = Date.now();
    db.prepare(
      `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, sha256, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'camera', ?)`,
    ).run(id, sessionId, index, filename, storageName, mimeType, bytes.length, createHash('sha256').update(bytes).digest('hex'), now);
    if (plan) planDeliveries(db, { id, sessionId }, config.deliveryFolder !== null, now);
  })();
  if (publish) events.publish({ type: 'image:ready', sessionId, imageId: id, at: Date.now() });
  return id;
}

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor: (count: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

/** A webhook receiver on 127.0.0.1, answering each request with `status(n)` and `answer(n)` (n = 1 for the first request). */
export async function startReceiver(status: (n: number) => number = () => 200, answer: (n: number) => string = () => ''): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: (all: ReceivedRequest[]) => void }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(status(requests.length)).end(answer(requests.length));
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve([...requests]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    waitFor: (count) =>
      requests.length >= count ? Promise.resolve([...requests]) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `predicate` holds, re-checking on each event of the app's bus (no timers, no sleeps). */
export function untilEvent(app: FastifyInstance, predicate: () => boolean): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = app.qrdrop.events.subscribe('*', () => {
      if (predicate()) {
        stop();
        resolve();
      }
    });
  });
}

export interface StatusDestination {
  destination_id: string;
  type: string;
  name: string;
  status: string;
  attempts: number;
  last_error: string | null;
}
export interface StatusBody {
  status: string;
  files: { record_id: string; filename: string; size_bytes: number; destinations: StatusDestination[] }[];
  lastChanged: string;
}

/**
 * Waits until the session's delivery-status satisfies `predicate`, by long polling it (each answer's lastChanged
 * is the next pollFrom): every delivery state change wakes it, and nothing is timed.
 */
export async function untilStatus(app: FastifyInstance, sessionId: string, predicate: (body: StatusBody) => boolean): Promise<StatusBody> {
  let query = '';
  for (;;) {
    const response = await app.inject({ url: `/api/v1/upload-sessions/${sessionId}/delivery-status${query}`, headers: auth() });
    if (response.statusCode !== 200) throw new Error(`delivery-status: ${response.statusCode} ${response.body}`);
    const body = response.json<StatusBody>();
    if (predicate(body)) return body;
    query = `?pollFrom=${encodeURIComponent(body.lastChanged)}`;
  }
}

export const firstDelivery = (body: StatusBody): StatusDestination | undefined => body.files[0]?.destinations[0];
