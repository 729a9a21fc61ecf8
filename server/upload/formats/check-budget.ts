import type { ByteReader } from './byte-reader';

/** Thrown by a budgeted reader once one upload's checks ran out of time; inspectFile answers it as too complex. */
export class CheckBudgetExceeded extends Error {
  override name = 'CheckBudgetExceeded';
}

/**
 * The same bytes, but every read first looks at the clock: past `budgetMs` of the checks' own time, the walk stops
 * (CheckBudgetExceeded) instead of going on. Every parser reads between two steps, so no walk outlives its budget by
 * more than one step. The caps (UPLOAD.max*) make this rare; it is the backstop under load.
 *
 * The checks' own time is the wall-clock time since they began less the time spent waiting for reads. A read's cost is
 * bounded by the file's size (at most its size in bytes, a window at a time), not by its structure; counting it
 * made the answer depend on how busy the disk and the thread pool were: twenty 19 MB uploads at once on a loaded
 * machine had a well-formed walk of fill bytes refused as too complex, where a quiet one found the file cut.
 */
export function budgetedReader(reader: ByteReader, budgetMs: number, now: () => number = () => performance.now()): ByteReader {
  const start = now();
  let waitedMs = 0;
  return {
    size: reader.size,
    read: async (offset, length) => {
      if (now() - start - waitedMs > budgetMs) throw new CheckBudgetExceeded(`format checks took over ${budgetMs} ms`);
      const asked = now();
      try {
        return await reader.read(offset, length);
      } finally {
        waitedMs += now() - asked;
      }
    },
  };
}
