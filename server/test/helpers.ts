/**
 * server/test/: the one home of the server tests' helpers: in-process apps (this file), sessions, fixtures (image
 * bytes, hostile shapes), HTTP and raw-socket clients, SSE reader, delivery fixtures, and the real-process
 * server of the crash and load tests. Only tests and fuzz/ import it, never product code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { ClusterOptions } from '../cluster/cluster-stores';
import { loadConfig } from '../config';
import { inject } from 'vitest';
import { positional } from '../cluster/test-backends';
import { freshSchema } from './pg-schema';
import { freshBucketPrefix } from './s3-bucket';
import { S3RVER_CREDENTIALS } from './s3-service';

export const TEST_API_KEY = 'aptr_test_0123456789abcdef0123';
export const OTHER_API_KEY = 'aptr_live_fedcba9876543210fedc';

/**
 * Which backend the in-process apps run on: SQLite and the data folder (the `server` project), or PostgreSQL and
 * S3 (the `server-on-cluster` project sets QRDROP_TEST_BACKEND=cluster and starts both services, then runs the
 * HTTP suites of the upload path a second time, as they are).
 */
export const TEST_BACKEND: 'sqlite' | 'cluster' = process.env.QRDROP_TEST_BACKEND === 'cluster' ? 'cluster' : 'sqlite';
export const onCluster = TEST_BACKEND === 'cluster';

export interface TestApp {
  app: FastifyInstance;
  /** The data folder: on a cluster only the spool (incoming/) and the server key are there. */
  dataDir: string;
  /** Moves the injected clock forward. */
  advance: (ms: number) => void;
  /** Rows of a query on whichever database the app uses: `$1…$n` each used once, in order (SQLite gets `?`). */
  rows: (sql: string, params?: unknown[]) => Promise<unknown[]>;
  /**
   * Another app on the same data folder and, on a cluster, the same schema and bucket: the server restarted, or a
   * second instance. The caller closes it.
   */
  another: () => Promise<FastifyInstance>;
  close: () => Promise<void>;
}

/** The stored photos' names under the bucket prefix, per app on a cluster (storedPhotos reads it). */
const bucketKeysOf = new WeakMap<FastifyInstance, () => Promise<string[]>>();

/** Makes storedPhotos read an app's photos from its bucket prefix (`keys`): an app on the cluster backend. */
export const trackBucket = (app: FastifyInstance, keys: () => Promise<string[]>): void => void bucketKeysOf.set(app, keys);

/** The photos an app holds: `<session id>/<storage name>` in the data folder, or `<storage name>` in the bucket. */
export async function storedPhotos(app: FastifyInstance): Promise<string[]> {
  const bucketKeys = bucketKeysOf.get(app);
  if (bucketKeys !== undefined) return bucketKeys();
  return listFiles(app.qrdrop.paths.images);
}

/** How storedPhotos names one photo on this run's backend: `<session id>/<storage name>`, or `<storage name>` in the bucket. */
export const storedName = (sessionId: string, storageName: string): string => (onCluster ? storageName : path.join(sessionId, storageName));

/** A stored photo's bytes, read through the app's PhotoStore (the data folder or the bucket). */
export async function readStoredPhoto(app: FastifyInstance, sessionId: string, storageName: string): Promise<Buffer> {
  const { stream } = await app.qrdrop.photos.open({ sessionId, storageName });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Every file under `dir`, as paths relative to it (none when it does not exist). */
export function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(dir, name)).isFile()) : [];
}

/**
 * A fresh server on a fresh temporary data directory, with a controllable clock; on the cluster backend also a
 * schema of its own and a key prefix of its own in the test bucket, dropped by `close`.
 */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-test-'));
  let offset = 0;
  const cluster = onCluster ? await clusterEnv() : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://qrdrop.test',
    QRDROP_API_KEYS: `${TEST_API_KEY},${OTHER_API_KEY}`,
    LOG_LEVEL: 'silent',
    ...cluster?.env,
    ...env,
  });
  const build = () => buildApp({ config, now: () => Date.now() + offset, ...(cluster === null ? {} : { clusterOptions: cluster.options }) });
  const app = await build();
  if (cluster !== null) trackBucket(app, cluster.keys);
  return {
    app,
    dataDir,
    advance: (ms) => {
      offset += ms;
    },
    rows: cluster?.rows ?? (async (sql, params = []) => sqliteRows(app, dataDir, positional(sql), params)),
    another: build,
    close: async () => {
      await app.close();
      await cluster?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Rows from the app's SQLite database, or, once the app is closed, from its file opened read-only. */
function sqliteRows(app: FastifyInstance, dataDir: string, sql: string, params: unknown[]): unknown[] {
  if (app.qrdrop.db.open) return app.qrdrop.db.prepare(sql).all(...params);
  const db = new Database(path.join(dataDir, 'qrdrop.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

export interface ClusterTestEnv {
  /** DATABASE_URL, S3_BUCKET and the S3 details of this test's schema and prefix. */
  env: Record<string, string>;
  /** In-process settings: the schema, s3rver's credentials. */
  options: ClusterOptions;
  /** The photo keys under this test's prefix, without it. */
  keys: () => Promise<string[]>;
  rows: (sql: string, params?: unknown[]) => Promise<unknown[]>;
  drop: () => Promise<void>;
}

/** A schema and a bucket prefix of its own on the run's PostgreSQL and s3rver, for one or more apps (instances). */
export async function clusterEnv(): Promise<ClusterTestEnv> {
  const schema = await freshSchema();
  const bucket = freshBucketPrefix();
  const { s3 } = bucket;
  const pool = schema.pool(2);
  return {
    env: {
      DATABASE_URL: inject('pgUrl'),
      S3_BUCKET: s3.bucket,
      ...(s3.endpoint === null ? {} : { S3_ENDPOINT: s3.endpoint }),
      ...(s3.region === null ? {} : { S3_REGION: s3.region }),
      S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
      S3_PREFIX: s3.prefix,
      // The routes not ported yet answer 501 in these tests, as they would in a deployment that opted in.
    },
    options: { pgSchema: schema.name, s3: { credentials: S3RVER_CREDENTIALS } },
    keys: async () => (await bucket.keys()).map((key) => key.slice(s3.prefix.length)),
    rows: async (sql, params = []) => (await pool.query(sql, params)).rows,
    drop: async () => {
      await bucket.drop();
      await schema.drop();
    },
  };
}

export const auth = (key = TEST_API_KEY) => ({ authorization: `Bearer ${key}` });
