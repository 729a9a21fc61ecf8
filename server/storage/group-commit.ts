import type { Db } from '../db';

/** One queued write: `run` inside the shared transaction, then `committed` or `failed` once it ended. */
interface Pending {
  run: () => void;
  committed: () => void;
  failed: (error: unknown) => void;
}

const queues = new WeakMap<Db, Pending[]>();

/**
 * Runs `work` in a write transaction shared with the other writes queued in the same turn of the event loop, and
 * resolves once that transaction is committed. With synchronous=FULL each commit is an fsync, which better-sqlite3
 * makes on the event loop's own thread: uploads that finish together (one fsync blocks long enough for others to
 * catch up) now share one instead of each waiting behind the others'.
 *
 * Each `work` runs in its own savepoint, after the ones queued before it, and sees their writes (so a slot count
 * stays exact): if it throws, only its own writes are undone and only its promise rejects. If the commit itself
 * fails, nothing of the batch is kept and every promise of it rejects. Resolved means committed.
 */
export function inGroupCommit<T>(db: Db, work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (queue === undefined) {
      queue = [];
      queues.set(db, queue);
    }
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } = { ok: false, error: new Error('not run') };
    queue.push({
      run: () => {
        try {
          outcome = { ok: true, value: db.transaction(work)() };
        } catch (error) {
          outcome = { ok: false, error };
        }
      },
      committed: () => (outcome.ok ? resolve(outcome.value) : reject(outcome.error)),
      failed: reject,
    });
    if (queue.length === 1) setImmediate(() => flush(db));
  });
}

function flush(db: Db): void {
  const batch = queues.get(db)?.splice(0) ?? [];
  try {
    db.transaction(() => {
      for (const item of batch) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the writes before are gone
        // too, and the next ones must not run on their own, outside it. The batch fails as a whole.
        if (!db.inTransaction) throw new Error('the shared transaction was rolled back by SQLite');
        item.run();
      }
    }).immediate();
  } catch (error) {
    for (const item of batch) item.failed(error);
    return;
  }
  for (const item of batch) item.committed();
}
