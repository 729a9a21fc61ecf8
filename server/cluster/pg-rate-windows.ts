import type pg from 'pg';
import * as v from 'valibot';
import { RATE_LIMITS } from '../limits';
import type { RateWindow, RateWindowStore, WindowHit } from '../rate-windows';

const WindowRows = v.array(v.object({ bucket: v.string(), count: v.number(), reset_at: v.number() }));
const CountedRows = v.array(v.object({ count: v.number(), reset_at: v.number() }));

export interface PgRateWindowsOptions {
  /** How often this instance sweeps ended windows, and at most how many rows one sweep deletes. */
  sweepEveryMs?: number;
  sweepMaxRows?: number;
}

/**
 * The rate windows of every instance in PostgreSQL's UNLOGGED `rate_windows` (migration 4): a hit is one statement,
 * an upsert that starts a new window where the last one ended and otherwise adds one, returning the count. Hits
 * made at once, on any instances, queue on the row lock and each gets its own count, so a limit holds exactly across
 * the cluster. Rows of ended windows are swept as hits come, at most once per `sweepEveryMs` per instance and a
 * bounded number at a time; one left behind for a while is harmless (the next hit resets it). Leases use each
 * instance's clock, so the instances need NTP (as the deliveries' leases do). The store does not own the pool.
 */
export class PgRateWindows implements RateWindowStore {
  readonly #pool: pg.Pool;
  readonly #sweepEveryMs: number;
  readonly #sweepMaxRows: number;
  #lastSweep = 0;

  constructor(pool: pg.Pool, { sweepEveryMs = RATE_LIMITS.windowSweepMs, sweepMaxRows = RATE_LIMITS.windowSweepMaxRows }: PgRateWindowsOptions = {}) {
    this.#pool = pool;
    this.#sweepEveryMs = sweepEveryMs;
    this.#sweepMaxRows = sweepMaxRows;
  }

  async add(hits: readonly WindowHit[], now: number): Promise<RateWindow[]> {
    if (now - this.#lastSweep >= this.#sweepEveryMs) {
      this.#lastSweep = now;
      await this.sweep(now);
    }
    // Rows are locked in bucket order (the ORDER BY), the same in every statement, so two multi-bucket hits
    // sharing buckets wait for each other instead of deadlocking.
    const result = await this.#pool.query(
      `INSERT INTO rate_windows AS w (bucket, reset_at, count)
       SELECT hit.bucket, $2 + hit.window_ms, 1 FROM unnest($1::text[], $3::bigint[]) AS hit(bucket, window_ms) ORDER BY hit.bucket
       ON CONFLICT (bucket) DO UPDATE SET
         count = CASE WHEN w.reset_at <= $2 THEN 1 ELSE w.count + 1 END,
         reset_at = CASE WHEN w.reset_at <= $2 THEN excluded.reset_at ELSE w.reset_at END
       RETURNING w.bucket, w.count, w.reset_at`,
      [hits.map((hit) => hit.bucket), now, hits.map((hit) => hit.windowMs)],
    );
    const windows = new Map(v.parse(WindowRows, result.rows).map((row) => [row.bucket, { count: row.count, resetAt: row.reset_at }]));
    return hits.map(({ bucket }) => {
      const window = windows.get(bucket);
      if (window === undefined) throw new Error('a rate window hit returned no row');
      return window;
    });
  }

  async read(bucket: string, now: number): Promise<RateWindow | undefined> {
    const result = await this.#pool.query('SELECT count, reset_at FROM rate_windows WHERE bucket = $1 AND reset_at > $2', [bucket, now]);
    const [row] = v.parse(CountedRows, result.rows);
    return row === undefined ? undefined : { count: row.count, resetAt: row.reset_at };
  }

  async takeBack(buckets: readonly string[], now: number): Promise<void> {
    // One row per statement: never two row locks held at once, so no lock order to keep with `add`.
    for (const bucket of buckets) {
      await this.#pool.query('UPDATE rate_windows SET count = count - 1 WHERE bucket = $1 AND reset_at > $2 AND count > 0', [bucket, now]);
    }
  }

  /**
   * Deletes up to `sweepMaxRows` rows of windows that ended by `now`; returns how many. Rows a hit holds at this
   * moment are passed over (SKIP LOCKED), so a sweep never waits for a hit nor deletes a window a hit just renewed.
   */
  async sweep(now: number): Promise<number> {
    const result = await this.#pool.query(
      `DELETE FROM rate_windows WHERE bucket IN (
         SELECT bucket FROM rate_windows WHERE reset_at <= $1 ORDER BY reset_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )`,
      [now, this.#sweepMaxRows],
    );
    return result.rowCount ?? 0;
  }
}
