import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../rate-limit';
import { MemoryRateWindows } from '../rate-windows';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { migratePg } from './pg-migrations';
import { PgRateWindows } from './pg-rate-windows';
import { rateWindowsContract } from './rate-windows-contract';

// One process: both "instances" are the same memory.
rateWindowsContract('memory', async () => {
  const store = new MemoryRateWindows();
  return { a: store, b: store, close: async () => {} };
});

rateWindowsContract('PostgreSQL, two pools', async () => {
  const schema = await freshSchema();
  const [a, b] = [schema.pool(10), schema.pool(10)];
  await migratePg(a);
  return { a: new PgRateWindows(a), b: new PgRateWindows(b), close: () => schema.drop() };
});

describe('PostgreSQL rate windows', () => {
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await schema?.drop();
    schema = undefined;
  });
  const NOW = 1_000_000;
  const Buckets = v.array(v.object({ bucket: v.string() }));

  it('sweep the rows of ended windows as hits come, a bounded number at a time, never a running one', async () => {
    schema = await freshSchema();
    const pool = schema.pool(2);
    await migratePg(pool);
    const store = new PgRateWindows(pool, { sweepEveryMs: 60_000, sweepMaxRows: 3 });
    let clock = NOW;
    const limiter = new RateLimiter(() => clock, store);
    for (let i = 0; i < 5; i++) await limiter.hit(`short:${i}`, 10, 1_000);
    await limiter.hit('long', 10, 3_600_000);
    clock = NOW + 60_000;
    // This hit sweeps first: 3 of the 5 ended windows go, the running one stays.
    await limiter.hit('fresh', 10, 1_000);
    const left = async () => v.parse(Buckets, (await pool.query('SELECT bucket FROM rate_windows ORDER BY bucket')).rows).map((row) => row.bucket);
    expect((await left()).filter((bucket) => bucket.startsWith('short:'))).toHaveLength(2);
    expect(await left()).toEqual(expect.arrayContaining(['long', 'fresh']));
    // No second sweep within sweepEveryMs; the next one takes the rest.
    await limiter.hit('fresh', 10, 1_000);
    expect(await left()).toHaveLength(4);
    clock = NOW + 120_000;
    await limiter.hit('long', 10, 3_600_000);
    expect(await left()).toEqual(['long']);
  });

  it('keep the table UNLOGGED: no WAL per hit', async () => {
    schema = await freshSchema();
    const pool = schema.pool(1);
    await migratePg(pool);
    const kind = await pool.query("SELECT relpersistence FROM pg_class WHERE relname = 'rate_windows' AND relnamespace = current_schema()::regnamespace");
    expect(kind.rows).toEqual([{ relpersistence: 'u' }]);
  });
});
