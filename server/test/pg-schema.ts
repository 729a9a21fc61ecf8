import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { createPgPool } from '../cluster/pg-pool';

export interface TestSchema {
  name: string;
  /** A new pool on the schema: one per "instance" of the test. Ended by `drop`. */
  pool: (max?: number) => pg.Pool;
  /** Ends every pool made here and drops the schema with all it holds. */
  drop: () => Promise<void>;
}

/**
 * A schema of its own on the run's test PostgreSQL (server/test/pg-global-setup.ts), so test files running in
 * parallel never see each other's rows or migrations. Only the `server-cluster` project can call this.
 */
export async function freshSchema(): Promise<TestSchema> {
  const url = inject('pgUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = createPgPool(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pools: pg.Pool[] = [];
  return {
    name,
    pool: (max = 10) => {
      const pool = createPgPool(url, { max, schema: name, applicationName: `qrdrop-test-${name}` });
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      await Promise.all(pools.splice(0).map((pool) => (pool.ended ? undefined : pool.end())));
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}
