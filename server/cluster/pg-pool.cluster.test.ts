import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createPgPool } from './pg-pool';

describe('the cluster pool', () => {
  it('reads bigint and COUNT(*) as numbers, and refuses one a number cannot hold exactly', async () => {
    const pool = createPgPool(inject('pgUrl'), { max: 1 });
    try {
      const row: unknown = (await pool.query('SELECT 1733313600000::bigint AS at, COUNT(*) AS n FROM generate_series(1, 3)')).rows[0];
      expect(row).toEqual({ at: 1733313600000, n: 3 });
      await expect(pool.query('SELECT 9007199254740993::bigint AS big')).rejects.toThrow(/beyond what a JS number holds exactly/);
    } finally {
      await pool.end();
    }
  });

  it('survives an idle connection cut by the server: told once, the next query on a new connection', async () => {
    const name = `qrdrop-cut-${randomBytes(4).toString('hex')}`;
    const errors: Error[] = [];
    let told: () => void = () => {};
    const cut = new Promise<void>((resolve) => (told = resolve));
    const pool = createPgPool(inject('pgUrl'), {
      max: 1,
      applicationName: name,
      onIdleError: (error) => {
        errors.push(error);
        told();
      },
    });
    const admin = createPgPool(inject('pgUrl'), { max: 1 });
    try {
      const before = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0];
      const killed = await admin.query('SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1', [name]);
      expect(killed.rows).toEqual([{ done: true }]);
      await cut;
      expect(errors).toHaveLength(1);
      const after = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0];
      expect(after).not.toEqual(before);
    } finally {
      await Promise.all([pool.end(), admin.end()]);
    }
  });
});
