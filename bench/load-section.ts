import path from 'node:path';
import { addBaselinePages, BASELINE_DIR } from './baseline-pages';
import { type BrowserPlan, MOBILE_PROFILE, TARGETS } from './bench-config';
import { launchChromium } from './browser';
import { fmtKb, fmtMs, fmtRatio, overBy } from './format';
import { type LighthouseRun, runLighthouse, type ThrottlingMethod } from './lighthouse';
import { buildPage } from './page-build';
import { progress } from './progress';
import { startQrdrop } from './qrdrop-server';
import type { SectionResult, TargetCheck } from './results';
import { median, ratio } from './stats';
import { timeToUsable, type UsableRun } from './time-to-usable';

const medianOf = <T>(runs: T[], pick: (run: T) => number) => median(runs.map(pick));

/**
 * Section 2: page load on the Lighthouse mobile profile. Lighthouse for LCP/TBT/CLS, both with its simulated
 * throttling (its standard scores) and with the profile applied to the load; Playwright with DevTools throttling for the time until "Take photo" is usable, next to
 * the floor page that only reads the session (same server, same network).
 */
export async function loadSection(plan: BrowserPlan): Promise<SectionResult> {
  const started = performance.now();
  const dist = buildPage();
  addBaselinePages(dist);
  const server = await startQrdrop({ distDir: dist });
  const lighthouse: LighthouseRun[] = [];
  const applied: LighthouseRun[] = [];
  const usable: { qrdrop: UsableRun[]; floor: UsableRun[] } = { qrdrop: [], floor: [] };
  // A run that breaks (Lighthouse's NO_FCP, a timeout) is reported and left out of the median, never replaced.
  const failures: string[] = [];
  const attempt = async <T>(what: string, run: () => Promise<T>, into: T[]) => {
    try {
      into.push(await run());
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };
  try {
    const sessionId = await server.createSession({ max_images: 10 });
    const pageUrl = `${server.origin}/u/${sessionId}`;
    // Alternating the two methods, so a busy spell of the machine weighs on both alike.
    const runs: [ThrottlingMethod, LighthouseRun[]][] = [
      ['simulate', lighthouse],
      ['devtools', applied],
    ];
    for (let i = 0; i < plan.lighthouseRuns; i++) {
      for (const [method, into] of runs) {
        progress(`load: Lighthouse run ${i + 1}/${plan.lighthouseRuns} (${method} throttling)`);
        const report = path.resolve(`bench/.work/lighthouse-${method}-${i + 1}.json`);
        await attempt(`Lighthouse ${method} run ${i + 1}`, () => runLighthouse(pageUrl, report, method), into);
      }
    }
    const browser = await launchChromium();
    try {
      const profile = { ...MOBILE_PROFILE };
      for (let i = 0; i < plan.timeToUsableRuns; i++) {
        progress(`load: time to usable, run ${i + 1}/${plan.timeToUsableRuns} (qrdrop page, then floor page)`);
        await attempt(`time to usable run ${i + 1}, qrdrop page`, () => timeToUsable(browser, pageUrl, profile), usable.qrdrop);
        await attempt(`time to usable run ${i + 1}, floor page`, () => timeToUsable(browser, `${server.origin}/${BASELINE_DIR}/floor.html?id=${sessionId}`, profile), usable.floor);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }

  if (lighthouse.length === 0 && usable.qrdrop.length === 0) throw new Error(`every run failed: ${failures.join('; ')}`);
  const lcp = medianOf(lighthouse, (r) => r.lcpMs);
  const tbt = medianOf(lighthouse, (r) => r.tbtMs);
  const cls = medianOf(lighthouse, (r) => r.cls);
  const usableQ = medianOf(usable.qrdrop, (r) => r.usableMs);
  const usableF = medianOf(usable.floor, (r) => r.usableMs);
  const appliedLcp = medianOf(applied, (r) => r.lcpMs);
  const appliedTbt = medianOf(applied, (r) => r.tbtMs);
  const figure = (runs: LighthouseRun[], pick: (run: LighthouseRun) => number, show: (value: number) => string) => {
    const value = medianOf(runs, pick);
    return `${show(value)} (${runs.length})`;
  };
  const clsText = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');
  const scoreText = (value: number) => String(Math.round(value * 100));
  const rows = [
    ['LCP', figure(lighthouse, (r) => r.lcpMs, fmtMs), figure(applied, (r) => r.lcpMs, fmtMs), `≤ ${fmtMs(TARGETS.lcpMs)}`, `${fmtRatio(ratio(lcp, TARGETS.lcpMs))} / ${fmtRatio(ratio(appliedLcp, TARGETS.lcpMs))}`],
    ['TBT', figure(lighthouse, (r) => r.tbtMs, fmtMs), figure(applied, (r) => r.tbtMs, fmtMs), `≤ ${fmtMs(TARGETS.tbtMs)}`, `${fmtRatio(ratio(tbt, TARGETS.tbtMs))} / ${fmtRatio(ratio(appliedTbt, TARGETS.tbtMs))}`],
    ['CLS', figure(lighthouse, (r) => r.cls, clsText), figure(applied, (r) => r.cls, clsText), '≤ 0.1 (good)', `${fmtRatio(ratio(cls, 0.1))} / ${fmtRatio(ratio(medianOf(applied, (r) => r.cls), 0.1))}`],
    ['FCP', figure(lighthouse, (r) => r.fcpMs, fmtMs), figure(applied, (r) => r.fcpMs, fmtMs), '—', '—'],
    ['Performance score', figure(lighthouse, (r) => r.performanceScore, scoreText), figure(applied, (r) => r.performanceScore, scoreText), '—', '—'],
  ];
  const usableRows = [
    ['"Take photo" usable', fmtMs(usableQ), fmtMs(usableF), fmtRatio(ratio(usableQ, usableF))],
    ['first contentful paint', fmtMs(medianOf(usable.qrdrop, (r) => r.firstContentfulPaintMs)), fmtMs(medianOf(usable.floor, (r) => r.firstContentfulPaintMs)), '—'],
    ['largest contentful paint', fmtMs(medianOf(usable.qrdrop, (r) => r.largestContentfulPaintMs)), fmtMs(medianOf(usable.floor, (r) => r.largestContentfulPaintMs)), '—'],
    ['bytes on the wire', fmtKb(medianOf(usable.qrdrop, (r) => r.wireBytes)), fmtKb(medianOf(usable.floor, (r) => r.wireBytes)), fmtRatio(ratio(medianOf(usable.qrdrop, (r) => r.wireBytes), medianOf(usable.floor, (r) => r.wireBytes)))],
    ['requests', String(medianOf(usable.qrdrop, (r) => r.requests)), String(medianOf(usable.floor, (r) => r.requests)), '—'],
  ];
  return {
    id: 'load',
    title: 'Page load (Lighthouse mobile profile)',
    status: 'ok',
    tables: [
      {
        caption:
          'Lighthouse 12, mobile form factor, the profile of the issue (150 ms RTT, 1.6 Mbps down, 750 kbps up, 4× CPU), median (runs): simulated = its default method (an unthrottled load, metrics computed by its Lantern model); applied = the same profile applied to the load by DevTools, metrics as observed; ratio = measured / target, simulated / applied',
        columns: ['figure', 'simulated', 'applied', 'target', 'ratio'],
        rows,
      },
      {
        caption: `Playwright on an emulated Pixel 7, DevTools throttling (150 ms latency, 1.6 Mbps down, 750 kbps up, 4× CPU), cold cache, median of ${usable.qrdrop.length}; floor = a page that only reads the session`,
        columns: ['figure', 'qrdrop page', 'floor page', 'qrdrop/floor'],
        rows: usableRows,
      },
    ],
    targets: [
      target('LCP, mobile profile (Lighthouse simulated)', lcp, TARGETS.lcpMs),
      target('LCP, mobile profile (Lighthouse, applied throttling)', appliedLcp, TARGETS.lcpMs),
      target('TBT, mobile profile (Lighthouse simulated)', tbt, TARGETS.tbtMs),
      target('TBT, mobile profile (Lighthouse, applied throttling)', appliedTbt, TARGETS.tbtMs),
    ],
    notes: [
      `"usable" = a pick is handled from then on: for qrdrop, once the label "Take photo" with its input is painted: the input keeps what is picked until the boot script (src/boot/) arrives and takes it, and the boot script keeps every pick until React hydrates and hands it to the queue (a build without the boot script counts from hydration); checked in every run by a probe pick made at that moment, which the page must then say it has; qrdrop runs made usable by: ${usableByCounts(usable.qrdrop)}`,
      ...failures.map((f) => `failed and left out: ${f}`),
    ],
    data: { lighthouse, lighthouseApplied: applied, usable, failures },
    durationMs: performance.now() - started,
  };
}

/** "boot script ×5" or "boot script ×4, hydrated ×1". */
export function usableByCounts(runs: UsableRun[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.usableBy, (counts.get(run.usableBy) ?? 0) + 1);
  return [...counts].map(([by, n]) => `${by} ×${n}`).join(', ') || 'no run';
}

function target(name: string, measured: number, goal: number): TargetCheck {
  if (!Number.isFinite(measured)) return { name, target: `≤ ${fmtMs(goal)}`, measured: 'n/a', met: null };
  const met = measured <= goal;
  return { name, target: `≤ ${fmtMs(goal)}`, measured: fmtMs(measured), met, ...(met ? {} : { note: overBy(measured, goal) }) };
}
