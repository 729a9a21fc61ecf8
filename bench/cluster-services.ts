import path from 'node:path';
import { type PgService, startPgService } from '../server/test/pg-service';
import { startChild } from './child-process';

/** What the cluster section runs its instances on: a throwaway PostgreSQL and an s3rver, both on loopback. */
export interface ClusterServices {
  databaseUrl: string;
  /** A cluster instance's environment; `name` becomes its connections' application_name, so they can be counted apart. */
  instanceEnv: (name: string) => Record<string, string>;
  /** Stops s3rver (its folder goes) and PostgreSQL (its folder goes). */
  stop: () => Promise<void>;
}

const S3_BUCKET = 'qrdrop-bench';
const S3RVER_LISTENING = /s3rver listening at http:\/\/127\.0\.0\.1:(\d+)/;
/** Another run (a test suite, another bench) may take the free port between its check and PostgreSQL's bind. */
const PG_START_ATTEMPTS = 3;

async function startPg(): Promise<PgService> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPgService();
    } catch (error) {
      if (attempt >= PG_START_ATTEMPTS || !String(error).includes('Address already in use')) throw error;
    }
  }
}

/**
 * PostgreSQL 15 as the cluster tests start it (server/test/pg-service.ts: initdb into a temporary folder, a private
 * port and socket, fsync off) and s3rver in a process of its own (bench/s3rver-main.ts), both started together.
 */
export async function startClusterServices(): Promise<ClusterServices> {
  const [pg, s3] = await Promise.allSettled([startPg(), startChild(path.resolve('bench/s3rver-main.ts'), {}, S3RVER_LISTENING)]);
  if (pg.status === 'rejected') {
    if (s3.status === 'fulfilled') await s3.value.stop();
    throw pg.reason;
  }
  if (s3.status === 'rejected') {
    pg.value.stop();
    throw s3.reason;
  }
  const endpoint = `http://127.0.0.1:${s3.value.port}`;
  return {
    databaseUrl: pg.value.url,
    instanceEnv: (name) => ({
      // node-postgres takes the URL's parameters over its own options: this names the instance's pool.
      DATABASE_URL: `${pg.value.url}?application_name=${encodeURIComponent(name)}`,
      S3_BUCKET,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'bench/',
      // The routes not ported yet are not measured: they may answer 501.
    }),
    stop: async () => {
      await s3.value.stop();
      pg.value.stop();
    },
  };
}
