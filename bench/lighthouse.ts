import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import * as v from 'valibot';
import { MOBILE_PROFILE } from './bench-config';
import { chromiumPath, QUIET_CHROMIUM_FLAGS } from './chromium-path';

/** The standard scores of one Lighthouse run (mobile profile, its default simulated throttling). */
export interface LighthouseRun {
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  performanceScore: number;
  throttlingMethod: string;
}

const Audit = v.object({ numericValue: v.optional(v.number()) });
const Report = v.object({
  categories: v.object({ performance: v.object({ score: v.nullable(v.number()) }) }),
  configSettings: v.object({ throttlingMethod: v.string(), formFactor: v.string() }),
  audits: v.object({
    'largest-contentful-paint': Audit,
    'total-blocking-time': Audit,
    'cumulative-layout-shift': Audit,
    'first-contentful-paint': Audit,
  }),
  runtimeError: v.optional(v.object({ code: v.string(), message: v.string() })),
});

const RUN_TIMEOUT_MS = 120_000;

/**
 * `simulate` is Lighthouse's default: it loads the page unthrottled and computes the metrics from a model of the
 * trace (Lantern). `devtools` applies the same profile to the real load (MOBILE_PROFILE: 150 ms latency, 1.6 Mbps
 * down, 750 kbps up, 4× CPU) and reports what was observed.
 */
export type ThrottlingMethod = 'simulate' | 'devtools';

const appliedThrottlingFlags = (): string[] => [
  '--throttling-method=devtools',
  `--throttling.requestLatencyMs=${MOBILE_PROFILE.rttMs}`,
  `--throttling.downloadThroughputKbps=${MOBILE_PROFILE.downloadBitsPerSecond / 1000}`,
  `--throttling.uploadThroughputKbps=${MOBILE_PROFILE.uploadBitsPerSecond / 1000}`,
  `--throttling.cpuSlowdownMultiplier=${MOBILE_PROFILE.cpuSlowdown}`,
];
const LIGHTHOUSE_CLI = path.resolve('node_modules/lighthouse/cli/index.js');

/** Lighthouse 12's CLI in a child process (it starts its own Chromium through CHROME_PATH). */
export async function runLighthouse(url: string, outputFile: string, method: ThrottlingMethod = 'simulate'): Promise<LighthouseRun> {
  // Lighthouse starts its own browser: the same Chromium as the rest of the bench, else Playwright's download.
  const chrome = chromiumPath() ?? chromium.executablePath();
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', ...QUIET_CHROMIUM_FLAGS].join(' ');
  const args = [LIGHTHOUSE_CLI, url, '--output=json', `--output-path=${outputFile}`, '--only-categories=performance', '--quiet', `--chrome-flags=${flags}`];
  if (method === 'devtools') args.push(...appliedThrottlingFlags());
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`lighthouse exited ${code}: ${stderr.trim().slice(-400)}`));
    });
  });
  const report = v.parse(Report, JSON.parse(fs.readFileSync(outputFile, 'utf8')));
  if (report.runtimeError !== undefined) throw new Error(`lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`);
  const value = (audit: v.InferOutput<typeof Audit>) => audit.numericValue ?? Number.NaN;
  return {
    lcpMs: value(report.audits['largest-contentful-paint']),
    tbtMs: value(report.audits['total-blocking-time']),
    cls: value(report.audits['cumulative-layout-shift']),
    fcpMs: value(report.audits['first-contentful-paint']),
    performanceScore: report.categories.performance.score ?? Number.NaN,
    throttlingMethod: `${report.configSettings.formFactor}, ${report.configSettings.throttlingMethod}`,
  };
}
