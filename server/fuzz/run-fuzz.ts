/**
 * server/fuzz/: property-based fuzzing of the byte parsers of both sides, the server's and the page's
 * (`npm run fuzz`): input recipes, targets, and this runner.
 */
import fc from 'fast-check';
import { HttpError } from '../errors';
import { buildInput, fuzzRecipe } from './inputs';
import { FUZZ_TARGETS } from './targets';

const MB = 1024 * 1024;

/**
 * The cost bounds issue 11 asks every byte parser to keep, with generous margins (a shared 2-core machine, GC
 * pauses): time ≤ fixed allowance + per-MB allowance × input size, and heap growth during one parse ≤ a fixed
 * allowance + a multiple of the input size. Before the fixes, a 19 MB HEIC of free boxes grew the heap by 230 MB
 * and a JPEG of fill bytes cost 550 ms per MB.
 */
export const FUZZ_BOUNDS = { fixedMs: 500, msPerMb: 150, fixedHeapBytes: 64 * MB, heapPerInputByte: 4 } as const;

export interface TargetStats {
  tried: number;
  worstMs: number;
  /** Worst time per MB over inputs of 256 KB or more (smaller ones measure the clock, not the parser). */
  worstMsPerMb: number;
  worstHeapBytes: number;
  answers: Record<string, number>;
}

export interface FuzzOptions {
  /** Stop after this many inputs... */
  numRuns?: number;
  /** ...or after this much time (the long mode). */
  timeLimitMs?: number;
  maxShapeBytes: number;
  seed?: number;
}

/** Runs every target on every generated input; throws (with fast-check's counterexample) when one breaks a bound. */
export async function runFuzz(options: FuzzOptions): Promise<Record<string, TargetStats>> {
  const stats: Record<string, TargetStats> = Object.fromEntries(
    FUZZ_TARGETS.map((target) => [target.name, { tried: 0, worstMs: 0, worstMsPerMb: 0, worstHeapBytes: 0, answers: {} }]),
  );
  const property = fc.asyncProperty(fuzzRecipe({ maxShapeBytes: options.maxShapeBytes }), async (recipe) => {
    const { label, bytes } = buildInput(recipe);
    for (const target of FUZZ_TARGETS) {
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      let answer: string;
      try {
        answer = await target.run(bytes);
      } catch (error) {
        // The only refusal a parser may throw is one of the server's own (it becomes its 4xx).
        if (!(error instanceof HttpError)) throw new Error(`${target.name} threw on ${label}: ${String(error)}`, { cause: error });
        answer = `http ${error.statusCode}`;
      }
      const ms = performance.now() - started;
      const heap = process.memoryUsage().heapUsed - heapBefore;
      const entry = stats[target.name];
      if (entry === undefined) continue;
      entry.tried += 1;
      entry.answers[answer] = (entry.answers[answer] ?? 0) + 1;
      entry.worstMs = Math.max(entry.worstMs, ms);
      if (bytes.length >= MB / 4) entry.worstMsPerMb = Math.max(entry.worstMsPerMb, ms / (bytes.length / MB));
      entry.worstHeapBytes = Math.max(entry.worstHeapBytes, heap);
      if (!target.answers.has(answer) && !answer.startsWith('http 4')) throw new Error(`${target.name}: unknown answer ${answer} on ${label}`);
      const msBound = FUZZ_BOUNDS.fixedMs + FUZZ_BOUNDS.msPerMb * (bytes.length / MB);
      if (ms > msBound) throw new Error(`${target.name}: ${ms.toFixed(0)} ms > ${msBound.toFixed(0)} ms on ${label} (${bytes.length} B)`);
      const heapBound = FUZZ_BOUNDS.fixedHeapBytes + FUZZ_BOUNDS.heapPerInputByte * bytes.length;
      if (heap > heapBound) throw new Error(`${target.name}: heap +${(heap / MB).toFixed(0)} MB on ${label} (${bytes.length} B)`);
    }
  });
  await fc.assert(property, {
    numRuns: options.numRuns ?? Number.MAX_SAFE_INTEGER,
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    endOnFailure: true,
  });
  return stats;
}

export function formatStats(stats: Record<string, TargetStats>): string {
  const rows = Object.entries(stats).map(
    ([name, s]) =>
      `${name.padEnd(28)} tried ${String(s.tried).padStart(8)}  worst ${s.worstMs.toFixed(1).padStart(7)} ms  ` +
      `worst ${s.worstMsPerMb.toFixed(1).padStart(6)} ms/MB  worst heap +${(s.worstHeapBytes / MB).toFixed(1).padStart(6)} MB  ` +
      Object.entries(s.answers)
        .map(([answer, count]) => `${answer}:${count}`)
        .join(' '),
  );
  return rows.join('\n');
}
