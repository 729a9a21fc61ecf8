import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { ClusterOptions } from '../cluster/cluster-stores';
import { loadConfig } from '../config';
import type { Cleanup } from './delivery-fixtures';
import { type ClusterTestEnv, clusterEnv, TEST_API_KEY } from './helpers';

export interface TwoClusterInstances {
  a: FastifyInstance;
  b: FastifyInstance;
  env: ClusterTestEnv;
  close: () => Promise<void>;
}

/**
 * Two instances (two buildApp, two pools, two S3 clients, two data folders) on one schema and one bucket prefix,
 * with the same configuration but for the folder; `env` adds settings to both. Only the `server-cluster` project
 * can call this.
 */
export async function twoInstances(env: Record<string, string> = {}): Promise<TwoClusterInstances> {
  const cluster = await clusterEnv();
  const build = (dataDir: string) =>
    buildApp({
      config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://qrdrop.test', QRDROP_API_KEYS: TEST_API_KEY, LOG_LEVEL: 'silent', ...env, ...cluster.env }),
      clusterOptions: cluster.options,
    });
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-two-')));
  const [a, b] = await Promise.all(dirs.map(build));
  if (a === undefined || b === undefined) throw new Error('two instances expected');
  return {
    a,
    b,
    env: cluster,
    close: async () => {
      await Promise.all([a.close(), b.close()]);
      await cluster.drop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One instance on `cluster`'s schema and bucket, with a data folder of its own; `env` and `options` add to its
 * configuration and cluster options. Closing it (unless the test already did) and removing the folder go on `cleanup`.
 */
export async function clusterInstance(
  cluster: ClusterTestEnv,
  cleanup: Cleanup,
  { env = {}, options = {} }: { env?: Record<string, string>; options?: Partial<ClusterOptions> } = {},
): Promise<FastifyInstance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-instance-'));
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://qrdrop.test', QRDROP_API_KEYS: TEST_API_KEY, LOG_LEVEL: 'silent', ...env, ...cluster.env }),
    clusterOptions: { ...cluster.options, ...options },
  });
  let closed = false;
  app.addHook('onClose', async () => void (closed = true));
  cleanup.push(
    () => fs.rmSync(dataDir, { recursive: true, force: true }),
    async () => {
      if (!closed) await app.close();
    },
  );
  return app;
}
