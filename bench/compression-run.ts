import type { Page } from '@playwright/test';
import * as v from 'valibot';
import type { FitLimits } from '../src/compress/fit-types';
import { withTimeout } from './with-timeout';

/** What the bench page reports for one compression (see compress-page/compress-entry.ts), parsed, not trusted. */
const Outcome = v.object({
  ok: v.boolean(),
  error: v.optional(v.string()),
  ms: v.number(),
  bytes: v.number(),
  type: v.string(),
  width: v.number(),
  height: v.number(),
  longTasks: v.array(v.number()),
});
export type CompressOutcome = v.InferOutput<typeof Outcome>;

export type CompressPath = 'qrdrop' | 'native';

const RUN_TIMEOUT_MS = 240_000;

export async function compressOnce(page: Page, path: CompressPath, limits: FitLimits, shown: { width: number; height: number }): Promise<CompressOutcome> {
  const request = { limits, shown };
  // Plain arrow functions only: tsx-compiled helpers do not exist in the page.
  const run =
    path === 'qrdrop'
      ? page.evaluate((r) => Reflect.get(Reflect.get(window, 'qrdropBench'), 'qrdrop')(r), request)
      : page.evaluate((r) => Reflect.get(Reflect.get(window, 'qrdropBench'), 'native')(r), request);
  const outcome = v.parse(Outcome, await withTimeout(run, RUN_TIMEOUT_MS, `${path} compression`));
  if (!outcome.ok) throw new Error(`${path} compression failed in the page: ${outcome.error ?? 'unknown'}`);
  return outcome;
}

const Stages = v.object({
  sniff: v.number(),
  probe: v.number(),
  probeLongestTask: v.number(),
  native: v.number(),
  nativeLongestTask: v.number(),
  library: v.number(),
  libraryLongestTask: v.number(),
  path: v.string(),
});
export type StageTimes = v.InferOutput<typeof Stages>;

/** The pipeline's steps timed one by one (see compress-entry.ts `stages`). */
export async function compressStages(page: Page, limits: FitLimits, shown: { width: number; height: number }): Promise<StageTimes> {
  const run = page.evaluate((r) => Reflect.get(Reflect.get(window, 'qrdropBench'), 'stages')(r), { limits, shown });
  return v.parse(Stages, await withTimeout(run, RUN_TIMEOUT_MS, 'compression stages'));
}
