import type pg from 'pg';
import * as v from 'valibot';

/**
 * Intents: how a cluster finds the objects whose upload never committed. Before a photo is sent to the bucket, a
 * `photo_intents` row names it; the upload's commit transaction deletes that row (`clearIntent`) together with
 * inserting the image. An instance that dies in between, or a commit that never comes (a refusal, a lost
 * connection), leaves the row, and `sweepUncommittedPhotos` on any instance removes the object later.
 *
 * The grace period must exceed the longest an upload can take between its intent and its commit (the request
 * timeout): an intent younger than that may belong to an upload still in progress.
 */

/** Anything that runs a query: the pool, or the client of a transaction in progress. */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** Written before the object is sent; a repeated name (a retried put of the same ref) keeps the first time. */
export async function recordIntent(db: Queryable, storageName: string, now: number): Promise<void> {
  await db.query('INSERT INTO photo_intents (storage_name, created_at) VALUES ($1, $2) ON CONFLICT (storage_name) DO NOTHING', [storageName, now]);
}

/** The photo's row is committed (call it inside that transaction) or the photo removed: nothing left to sweep. */
export async function clearIntent(db: Queryable, storageName: string): Promise<void> {
  await db.query('DELETE FROM photo_intents WHERE storage_name = $1', [storageName]);
}

/** What the sweeper needs of the photo store: deleting an object by its name (a missing one is not an error). */
export interface SweepablePhotos {
  removeObject(storageName: string): Promise<void>;
}

export interface SweepOptions {
  /** Intents at least this old are swept (the grace period; > 0). */
  olderThanMs: number;
  now: number;
  /** Intents handled per run, at most. */
  limit?: number;
}

export interface SweepReport {
  /** Objects deleted: their upload never committed. */
  removed: string[];
  /** Intents dropped whose image row exists (a commit that did not clear its intent). */
  kept: number;
  /** Deletions that failed: their intent stays, due again after another grace period. */
  failed: number;
}

/** Intents handled per run unless told otherwise. */
export const SWEEP_LIMIT = 100;

const Claimed = v.array(v.object({ storage_name: v.string(), committed: v.boolean() }));

/**
 * Removes the objects of intents older than the grace period that have no image row, and drops the intents whose
 * row exists. Safe on every instance at once, without holding a transaction across S3 calls: the claim is one
 * statement that takes due intents with `FOR UPDATE SKIP LOCKED` and stamps them with `now`, which makes them young
 * again for every other sweeper (a lease lasting one grace period). Each intent is then deleted only if it still
 * carries this run's stamp. A sweeper that dies mid-run leaves its intents to be claimed again after the grace.
 */
export async function sweepUncommittedPhotos(
  pool: pg.Pool,
  photos: SweepablePhotos,
  { olderThanMs, now, limit = SWEEP_LIMIT }: SweepOptions,
): Promise<SweepReport> {
  if (!(olderThanMs > 0)) throw new Error('olderThanMs must be positive: a younger intent may belong to an upload in progress');
  const claimed = v.parse(
    Claimed,
    (
      await pool.query(
        `WITH due AS (
           SELECT storage_name FROM photo_intents WHERE created_at < $1
           ORDER BY created_at, storage_name LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE photo_intents i SET created_at = $3 FROM due WHERE i.storage_name = due.storage_name
         RETURNING i.storage_name, EXISTS (SELECT 1 FROM images m WHERE m.storage_name = i.storage_name) AS committed`,
        [now - olderThanMs, limit, now],
      )
    ).rows,
  );
  const kept = claimed.filter((row) => row.committed).map((row) => row.storage_name);
  const removed: string[] = [];
  let failed = 0;
  for (const { storage_name: name } of claimed.filter((row) => !row.committed)) {
    try {
      await photos.removeObject(name);
      removed.push(name);
    } catch {
      failed++;
    }
  }
  const done = [...kept, ...removed];
  if (done.length > 0) {
    await pool.query('DELETE FROM photo_intents WHERE storage_name = ANY($1) AND created_at = $2', [done, now]);
  }
  return { removed, kept: kept.length, failed };
}
