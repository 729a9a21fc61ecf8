import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { COMPRESSION } from '../src/compress/compress-limits';
import type { FitLimits } from '../src/compress/fit-types';
import { type BrowserPlan, MB, TARGETS } from './bench-config';
import { launchChromium } from './browser';
import { compressOnce, type CompressOutcome, type CompressPath, compressStages, type StageTimes } from './compression-run';
import { type Fixture, phonePhoto, photo48mp } from './fixtures';
import { fmtDimensions, fmtMb, fmtMs, fmtRatio, overBy } from './format';
import { progress } from './progress';
import type { SectionResult, TargetCheck } from './results';
import { serveStatic } from './static-server';
import { max, median, ratio } from './stats';
import { withTimeout } from './with-timeout';

const COMPRESS_DIST = path.resolve('bench/.work/compress-dist');
const ALL_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];
const CPU_RATES = [1, 4] as const;

interface Case {
  name: string;
  photo: Fixture;
  limits: FitLimits;
}

interface CaseResult {
  name: string;
  cpu: number;
  runs: Record<CompressPath, CompressOutcome[]>;
}

/** Orientation 6/8 swap width and height on screen. */
const shown = (photo: Fixture) => (photo.orientation >= 5 ? { width: photo.height, height: photo.width } : { width: photo.width, height: photo.height });

function buildBenchPage(): void {
  const run = spawnSync('npx', ['vite', 'build', '--config', 'bench/compress-page/vite.config.ts'], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`compression bench page build failed: ${`${run.stdout}${run.stderr}`.trim().slice(-400)}`);
}

async function cpuThrottle(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.detach();
}

/**
 * Section 3: qrdrop's pipeline (prepareForUpload, as the page runs it) vs the browser's one-shot path
 * (createImageBitmap with resize → OffscreenCanvas.convertToBlob in a worker), same photo, same plan, same page,
 * alternating, at 1× and 4× CPU.
 */
export async function compressionSection(plan: BrowserPlan): Promise<SectionResult> {
  const started = performance.now();
  const cases: Case[] = [
    {
      name: '12 MP JPEG → session with max_image_dimension 2048',
      photo: phonePhoto(1),
      limits: { allowedMimeTypes: ALL_TYPES, maxImageSizeBytes: 20 * MB, maxImageDimension: 2048, stripGps: true },
    },
  ];
  if (plan.compression48mp) {
    cases.push({
      name: '48 MP JPEG over 20 MB → default session (20 MB)',
      photo: photo48mp(),
      limits: { allowedMimeTypes: ALL_TYPES, maxImageSizeBytes: 20 * MB, maxImageDimension: null, stripGps: true },
    });
  }
  buildBenchPage();
  const site = await serveStatic(COMPRESS_DIST);
  const browser = await launchChromium();
  const results: CaseResult[] = [];
  const stages: { name: string; times: StageTimes }[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const warm = await withTimeout(page.evaluate(() => Reflect.get(Reflect.get(window, 'qrdropBench'), 'warmUp')()), 60_000, 'warm-up');
    if (warm !== 'ok, ok') throw new Error(`warm-up failed: ${String(warm)}`);
    const observing = await page.evaluate(() => Reflect.get(Reflect.get(window, 'qrdropBench'), 'longTaskObserverWorks')());
    if (observing !== true) throw new Error('the longtask PerformanceObserver did not report a deliberate 120 ms task');
    for (const item of cases) {
      await page.setInputFiles('#photo', item.photo.path);
      // One untimed pass of each path on this photo (first large decode, worker heaps), then timed runs in which
      // the CPU rate and the path that goes first alternate, so neither inherits a systematic advantage.
      progress(`compression: ${item.name}: untimed first pass`);
      for (const which of ['qrdrop', 'native'] as const) await compressOnce(page, which, item.limits, shown(item.photo));
      const byRate = new Map<number, CaseResult['runs']>(CPU_RATES.map((cpu) => [cpu, { qrdrop: [], native: [] }]));
      for (let i = 0; i < plan.compressionRuns; i++) {
        for (const cpu of CPU_RATES) {
          progress(`compression: ${item.name}, ${cpu}× CPU, run ${i + 1}/${plan.compressionRuns}`);
          await cpuThrottle(page, cpu);
          const order: CompressPath[] = i % 2 === 0 ? ['qrdrop', 'native'] : ['native', 'qrdrop'];
          for (const which of order) byRate.get(cpu)?.[which].push(await compressOnce(page, which, item.limits, shown(item.photo)));
        }
      }
      await cpuThrottle(page, 1);
      for (const [cpu, runs] of byRate) results.push({ name: item.name, cpu, runs });
      stages.push({ name: item.name, times: await compressStages(page, item.limits, shown(item.photo)) });
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return report(cases, results, stages, plan, performance.now() - started);
}

const medianMs = (runs: CompressOutcome[]) => median(runs.map((r) => r.ms));
const worstTask = (runs: CompressOutcome[]) => max(runs.flatMap((r) => r.longTasks).concat(0));
const output = (runs: CompressOutcome[]) => {
  const last = runs[runs.length - 1];
  return last === undefined ? 'n/a' : `${fmtMb(last.bytes)}, ${fmtDimensions(last.width, last.height)}`;
};
const tasks = (runs: CompressOutcome[]) => {
  const all = runs.flatMap((r) => r.longTasks);
  return all.length === 0 ? 'none' : `${all.length} (max ${fmtMs(max(all))})`;
};

function report(cases: Case[], results: CaseResult[], stages: { name: string; times: StageTimes }[], plan: BrowserPlan, durationMs: number): SectionResult {
  const rows = results.map((r) => [
    r.name,
    `${r.cpu}×`,
    fmtMs(medianMs(r.runs.qrdrop)),
    fmtMs(medianMs(r.runs.native)),
    fmtRatio(ratio(medianMs(r.runs.qrdrop), medianMs(r.runs.native))),
    output(r.runs.qrdrop),
    output(r.runs.native),
    tasks(r.runs.qrdrop),
    tasks(r.runs.native),
  ]);
  const ratios = results.map((r) => ({ r, value: ratio(medianMs(r.runs.qrdrop), medianMs(r.runs.native)) }));
  const worst = ratios.reduce<(typeof ratios)[number] | undefined>((a, b) => (a === undefined || b.value > a.value ? b : a), undefined);
  const longest = max(results.map((r) => worstTask(r.runs.qrdrop)));
  const ratioTarget: TargetCheck =
    worst === undefined
      ? { name: 'Compression time, qrdrop / native', target: `≤ ${TARGETS.compressionRatio}×`, measured: 'n/a', met: null }
      : {
          name: 'Compression time, qrdrop / native (worst case)',
          target: `≤ ${TARGETS.compressionRatio}×`,
          measured: `${fmtRatio(worst.value)} (${worst.r.name.split(' →')[0]}, ${worst.r.cpu}× CPU)`,
          met: worst.value <= TARGETS.compressionRatio,
          ...(worst.value <= TARGETS.compressionRatio ? {} : { note: overBy(worst.value, TARGETS.compressionRatio) }),
        };
  const taskTarget: TargetCheck = {
    name: 'Longest main-thread task while qrdrop compresses',
    target: `≤ ${TARGETS.longTaskMs} ms`,
    measured: longest === 0 ? 'no long task' : fmtMs(longest),
    met: longest <= TARGETS.longTaskMs,
    ...(longest <= TARGETS.longTaskMs ? {} : { note: overBy(longest, TARGETS.longTaskMs) }),
  };
  return {
    id: 'compression',
    title: 'Compression: qrdrop pipeline vs native one-shot',
    status: 'ok',
    tables: [
      {
        caption: `Chromium, CDP CPU throttling (it slows the page's main thread; workers and image decoding threads run at full speed); median of ${plan.compressionRuns} per path; native = createImageBitmap(resize, EXIF orientation) → OffscreenCanvas.convertToBlob(JPEG q${COMPRESSION.initialQuality}) in a worker, same target size; output = bytes, shown size`,
        columns: ['photo → session', 'CPU', 'qrdrop', 'native', 'qrdrop/native', 'qrdrop output', 'native output', 'qrdrop long tasks', 'native long tasks'],
        rows,
      },
      {
        caption: "Where qrdrop's time goes, 1× CPU, one pass: each step of the pipeline timed alone (longest main-thread task during it in brackets); the native strategy's worker is already running, as it is from a batch's second photo on; one-shot = the bench's native path (median above)",
        columns: ['photo → session', 'path this browser takes', 'sniff', 'probe (header, else full decode)', 'page native strategy', 'browser-image-compression (fallback)', 'one-shot native'],
        rows: stages.map((stage) => [
          stage.name,
          stage.times.path,
          fmtMs(stage.times.sniff),
          `${fmtMs(stage.times.probe)} (${fmtMs(stage.times.probeLongestTask)})`,
          `${fmtMs(stage.times.native)} (${fmtMs(stage.times.nativeLongestTask)})`,
          `${fmtMs(stage.times.library)} (${fmtMs(stage.times.libraryLongestTask)})`,
          fmtMs(medianMs(results.find((r) => r.name === stage.name && r.cpu === 1)?.runs.native ?? [])),
        ]),
      },
    ],
    targets: [ratioTarget, taskTarget],
    notes: [
      ...cases.map((c) => `${c.name}: ${path.basename(c.photo.path)}, ${c.photo.width}×${c.photo.height} stored, EXIF orientation ${c.photo.orientation}, ${fmtMb(c.photo.bytes)}`),
      ...(plan.compression48mp ? [] : ['quick mode: the 48 MP photo is left out (full mode runs it)']),
    ],
    data: { cases: cases.map((c) => ({ name: c.name, photo: c.photo, limits: c.limits })), results, stages },
    durationMs,
  };
}
