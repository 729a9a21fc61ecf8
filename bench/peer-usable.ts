/**
 * `npx tsx bench/peer-usable.ts [--rounds 3] [--fast] [--base DIR]`: the peers section's "input usable" rows alone
 * (qrdrop, Uppy, FilePond, alternated per round, slow 4G at 4× CPU; `--fast` adds 10 Mbps), for trying a change
 * to the first paint in a minute instead of the whole section. `--base DIR` adds a second qrdrop, another checkout
 * of the repository with its own `npm run build` (its server/main.ts and its dist/), to the same rounds: before
 * and after side by side, in one run. Prints each run (with when the document's headers and each script arrived)
 * and the medians; writes nothing.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addBaselinePages } from './baseline-pages';
import { FAST_UPLINK, MOBILE_PROFILE } from './bench-config';
import { launchChromium, type Throttle } from './browser';
import { fmtMs, fmtRatio } from './format';
import { buildPage } from './page-build';
import { addPeerPages, type Side, SIDES } from './peer-run';
import { progress } from './progress';
import { type QrdropServer, startQrdrop } from './qrdrop-server';
import { median, ratio } from './stats';
import { timeToUsable, type UsableRun } from './time-to-usable';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, fast: { type: 'boolean', default: false }, base: { type: 'string' } },
});
const rounds = Number(values.rounds);
const profiles: [string, Throttle][] = [['slow 4G', { ...MOBILE_PROFILE }]];
if (values.fast) profiles.push(['10 Mbps', { ...FAST_UPLINK, cpuSlowdown: MOBILE_PROFILE.cpuSlowdown }]);

interface Runner {
  name: string;
  side: Side;
  server: QrdropServer;
  sessionId: string;
}

/** "452 ms (handled 310, FCP 452; html 161; boot-x.js 215→388)" */
function describe(run: UsableRun): string {
  const scripts = run.scripts.map((s) => `${path.basename(s.path)} ${s.startMs.toFixed(0)}→${s.responseEndMs.toFixed(0)}`).join(', ');
  return `${fmtMs(run.usableMs)} by ${run.usableBy} (handled ${run.handledMs.toFixed(0)}, FCP ${run.firstContentfulPaintMs.toFixed(0)}; html ${run.documentResponseStartMs.toFixed(0)}; ${scripts})`;
}

async function main(): Promise<void> {
  const dist = buildPage();
  addBaselinePages(dist);
  addPeerPages(dist);
  const servers: QrdropServer[] = [];
  const browser = await launchChromium();
  try {
    const current = await startQrdrop({ distDir: dist });
    servers.push(current);
    const runners: Runner[] = [];
    const sessionOf = (server: QrdropServer) => server.createSession({ max_images: 10, max_image_dimension: 2048 });
    if (values.base !== undefined) {
      const base = await startQrdrop({ distDir: path.join(values.base, 'dist'), script: path.join(values.base, 'server/main.ts') });
      servers.push(base);
      runners.push({ name: 'qrdrop (base)', side: SIDES[0] as Side, server: base, sessionId: await sessionOf(base) });
    }
    const sessionId = await sessionOf(current);
    runners.push(...SIDES.map((side) => ({ name: side.name, side, server: current, sessionId })));
    const results = new Map<string, UsableRun[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const runner of runners) {
        for (const [label, profile] of profiles) {
          const key = `${runner.name}, ${label}`;
          const run = await timeToUsable(browser, runner.side.url(runner.server.origin, runner.sessionId), profile, runner.side.usable);
          progress(`round ${round}/${rounds}, ${key}: ${describe(run)}`);
          results.set(key, [...(results.get(key) ?? []), run]);
        }
      }
    }
    for (const [label] of profiles) {
      const uppy = median((results.get(`Uppy, ${label}`) ?? []).map((r) => r.usableMs));
      for (const runner of runners) {
        const runs = results.get(`${runner.name}, ${label}`) ?? [];
        const usable = median(runs.map((r) => r.usableMs));
        console.log(`${label}: ${runner.name.padEnd(14)} usable ${fmtMs(usable)} (÷ Uppy ${fmtRatio(ratio(usable, uppy))}), FCP ${fmtMs(median(runs.map((r) => r.firstContentfulPaintMs)))}, runs ${runs.map((r) => r.usableMs.toFixed(0)).join(' ')}`);
      }
    }
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
  }
}

void main();
