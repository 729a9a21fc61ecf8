import * as v from 'valibot';
import { createPgPool } from '../server/cluster/pg-pool';

/** Connections of some instances at their busiest sample since the last `reset`. */
export interface ConnectionPeak {
  /** Open (any state, idle included). */
  open: number;
  /** Running a statement or inside a transaction (state other than idle). */
  busy: number;
}

export interface ConnectionSampler {
  reset: () => void;
  /** The peaks of the instances named (their connections' application_name), summed per sample. */
  peak: (names: readonly string[]) => ConnectionPeak;
  /** The first read that failed, if one did (its peaks are then lower than they were). */
  failure: () => string | undefined;
  stop: () => Promise<void>;
}

/** How often pg_stat_activity is read: a busy spell shorter than this can be missed. */
export const SAMPLE_EVERY_MS = 50;

const Rows = v.array(v.object({ name: v.string(), open: v.number(), busy: v.number() }));

/**
 * Reads pg_stat_activity every SAMPLE_EVERY_MS on a connection of its own and keeps, per sample, the connections of
 * each application_name that starts with `prefix` (the instances'; its own is named apart).
 */
export function sampleConnections(databaseUrl: string, prefix: string): ConnectionSampler {
  const pool = createPgPool(databaseUrl, { max: 1, applicationName: 'bench-connection-sampler' });
  let samples: Map<string, ConnectionPeak>[] = [];
  let reading: Promise<void> | undefined;
  let failure: string | undefined;
  const read = async () => {
    const { rows } = await pool.query(
      `SELECT application_name AS name, COUNT(*) AS open, COUNT(*) FILTER (WHERE state <> 'idle') AS busy
       FROM pg_stat_activity WHERE starts_with(application_name, $1) GROUP BY application_name`,
      [prefix],
    );
    samples.push(new Map(v.parse(Rows, rows).map(({ name, open, busy }) => [name, { open, busy }])));
  };
  // One read at a time: a slow one makes the next tick pass rather than queue up.
  const timer = setInterval(() => {
    reading ??= read()
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        reading = undefined;
      });
  }, SAMPLE_EVERY_MS);
  return {
    reset: () => {
      samples = [];
    },
    peak: (names) => peakOf(samples, names),
    failure: () => failure,
    stop: async () => {
      clearInterval(timer);
      await reading;
      await pool.end();
    },
  };
}

/** The highest sum over `names` of any one sample, open and busy each on its own. */
export function peakOf(samples: readonly ReadonlyMap<string, ConnectionPeak>[], names: readonly string[]): ConnectionPeak {
  const total = (sample: ReadonlyMap<string, ConnectionPeak>, pick: (peak: ConnectionPeak) => number) => names.reduce((sum, name) => sum + pick(sample.get(name) ?? { open: 0, busy: 0 }), 0);
  return {
    open: Math.max(0, ...samples.map((sample) => total(sample, (p) => p.open))),
    busy: Math.max(0, ...samples.map((sample) => total(sample, (p) => p.busy))),
  };
}
