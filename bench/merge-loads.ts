import type { LoadResult } from './load-generator';

const FAILURE_SAMPLES = 5;

/** Several rounds of one side as one result: counts and times add up, latencies pool. */
export function mergeLoads(loads: LoadResult[]): LoadResult {
  return {
    ok: loads.reduce((n, l) => n + l.ok, 0),
    failures: loads.reduce((n, l) => n + l.failures, 0),
    failureSamples: loads.flatMap((l) => l.failureSamples).slice(0, FAILURE_SAMPLES),
    wallMs: loads.reduce((n, l) => n + l.wallMs, 0),
    latenciesMs: loads.flatMap((l) => l.latenciesMs),
    bodyBytes: loads.reduce((n, l) => n + l.bodyBytes, 0),
  };
}
