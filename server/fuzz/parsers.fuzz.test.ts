import { expect, it } from 'vitest';
import { formatStats, runFuzz } from './run-fuzz';
import { FUZZ_TARGETS } from './targets';

/**
 * The short run of the fuzz harness (issue 11): a few hundred inputs, hostile shapes up to 2 MB, every parser must
 * give a defined answer within the time and heap bounds. The long run: `npm run fuzz -- --minutes 10`.
 */
it('every byte parser answers every input within its cost bounds (short run)', async () => {
  const stats = await runFuzz({ numRuns: 150, maxShapeBytes: 2 * 1024 * 1024 });
  for (const target of FUZZ_TARGETS) expect(stats[target.name]?.tried).toBe(150);
  console.info(formatStats(stats));
}, 60_000);
