import fs from 'node:fs';
import path from 'node:path';
import { chromiumLauncher } from './chromium';
import type { EngineLauncher, EngineName } from './driver';
import { firefoxLauncher } from './firefox';
import { startHarnessServer } from './harness-server';
import { KNOWN_DEFECTS } from './known-defects';
import { makeContext, type Scenario } from './scenario-kit';
import { SCENARIOS } from './scenarios';
import { webkitLauncher } from './webkit';
import { bigPhotoPath, PHOTO_12MP, PHOTO_48MP } from '../support/test-photos';

/**
 * `npm run test:engines`: every scenario (scenarios.ts) in each engine, one fresh browser per scenario, one at a
 * time (deterministic, and the machine has 2 cores). Options: `--engines=webkit,firefox`, `--only=<part of a name>`.
 * Writes ENGINES_REPORT (JSON: passed, failed, expectedFailures, skipped, per engine) for scripts/test.ts.
 */
type Outcome = 'passed' | 'failed' | 'expected failure' | 'skipped';
interface Result {
  engine: EngineName;
  scenario: string;
  outcome: Outcome;
  ms: number;
  detail?: string;
  notes: string[];
}

const LAUNCHERS: EngineLauncher[] = [webkitLauncher, firefoxLauncher, chromiumLauncher];
const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const engines = (argument('engines') ?? 'webkit,firefox').split(',');
const only = argument('only');
const REPORT = process.env.ENGINES_REPORT ?? '.tmp/test-reports/engines.json';

async function runOne(launcher: EngineLauncher, scenario: Scenario, server: Awaited<ReturnType<typeof startHarnessServer>>): Promise<Result> {
  const started = Date.now();
  const notes: string[] = [];
  const base = { engine: launcher.name, scenario: scenario.name, notes };
  if (scenario.persistent === true && !launcher.persistentProfile) {
    return { ...base, outcome: 'skipped', ms: 0, detail: 'this engine has no persistent profile under automation (said in its launcher)' };
  }
  server.setInitScript(scenario.initScript ?? '');
  const driver = await launcher.launch({ persistent: scenario.persistent === true });
  const { context, dispose } = await makeContext(driver, launcher, server, notes);
  let failure: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`scenario timed out after ${scenario.timeoutMs ?? 60_000} ms`)), scenario.timeoutMs ?? 60_000);
    });
    await Promise.race([scenario.run(context), timeout]);
    const errors = await context.errors();
    if (errors.length > 0) failure = `errors thrown or logged by the page:\n      ${errors.join('\n      ')}`;
  } catch (error) {
    const errors = await within(context.errors(), 10_000).catch(() => []);
    failure = `${error instanceof Error ? error.message : String(error)}${errors.length > 0 ? `\n      page errors: ${errors.join('\n      ')}` : ''}`;
  } finally {
    clearTimeout(timer);
    server.setInitScript('');
    server.setOffline(false);
    server.setThrottle(0);
    server.hold(null);
    await dispose();
    await within(driver.close(), 15_000).catch(() => undefined);
  }
  const known = KNOWN_DEFECTS.find((entry) => entry.engine === launcher.name && entry.scenario === scenario.name);
  const ms = Date.now() - started;
  if (known !== undefined) {
    return failure !== undefined
      ? { ...base, outcome: 'expected failure', ms, detail: `${known.defect}: ${failure}` }
      : { ...base, outcome: 'failed', ms, detail: `passes now: remove it from KNOWN_DEFECTS (${known.defect})` };
  }
  return failure === undefined ? { ...base, outcome: 'passed', ms } : { ...base, outcome: 'failed', ms, detail: failure };
}

/** A browser that hangs must not hang the run. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  bigPhotoPath(PHOTO_12MP);
  bigPhotoPath(PHOTO_48MP);
  const server = await startHarnessServer();
  const results: Result[] = [];
  const versions: Record<string, string> = {};
  const times: Record<string, number> = {};
  try {
    for (const launcher of LAUNCHERS.filter((candidate) => engines.includes(candidate.name))) {
      const engineStarted = Date.now();
      for (const scenario of SCENARIOS.filter((candidate) => only === undefined || candidate.name.includes(only))) {
        const result = await runOne(launcher, scenario, server);
        results.push(result);
        const mark = { passed: '✓', failed: '✘', 'expected failure': '○', skipped: '-' }[result.outcome];
        console.log(`  ${mark} [${result.engine}] ${result.scenario} (${(result.ms / 1000).toFixed(1)} s)${result.outcome === 'passed' ? '' : ` — ${result.outcome}`}`);
        if (result.detail !== undefined) console.log(`      ${result.detail}`);
        for (const note of result.notes) console.log(`      note: ${note}`);
      }
      times[launcher.name] = Date.now() - engineStarted;
      if (versions[launcher.name] === undefined) {
        const probe = await launcher.launch({ persistent: false });
        versions[launcher.name] = probe.version;
        await probe.close();
      }
    }
  } finally {
    await server.stop();
  }
  const count = (engine: string | undefined, outcome: Outcome) => results.filter((r) => (engine === undefined || r.engine === engine) && r.outcome === outcome).length;
  const perEngine = Object.fromEntries(
    Object.keys(times).map((engine) => [
      engine,
      { version: versions[engine], passed: count(engine, 'passed'), failed: count(engine, 'failed'), expectedFailures: count(engine, 'expected failure'), skipped: count(engine, 'skipped'), seconds: Math.round((times[engine] ?? 0) / 1000) },
    ]),
  );
  console.log('');
  for (const [engine, summary] of Object.entries(perEngine)) {
    console.log(`${engine} (${summary.version}): ${summary.passed} passed, ${summary.failed} failed, ${summary.expectedFailures} expected failures (known defects), ${summary.skipped} skipped, ${summary.seconds} s`);
  }
  const report = { passed: count(undefined, 'passed'), failed: count(undefined, 'failed'), expectedFailures: count(undefined, 'expected failure'), skipped: count(undefined, 'skipped'), perEngine, results };
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, JSON.stringify(report, null, 2));
  process.exitCode = report.failed > 0 ? 1 : 0;
}

await main();
