import type { ByteReader } from './byte-reader';

/** Thrown by a budgeted reader once one upload's checks ran out of time; inspectFile answers it as too complex. */
export class CheckBudgetExceeded extends Error {
  override name = 'CheckBudgetExceeded';
}

/**
 * The same bytes, but every read first looks at the clock: past `budgetMs` since the checks began, the walk
 * stops (CheckBudgetExceeded) instead of going on. Every parser reads between two steps, so no walk outlives
 * its budget by more than one step. The caps (UPLOAD.max*) make this rare; it is the backstop under load.
 */
export function budgetedReader(reader: ByteReader, budgetMs: number, now: () => number = () => performance.now()): ByteReader {
  const deadline = now() + budgetMs;
  return {
    size: reader.size,
    read: (offset, length) => {
      if (now() > deadline) return Promise.reject(new CheckBudgetExceeded(`format checks took over ${budgetMs} ms`));
      return reader.read(offset, length);
    },
  };
}
