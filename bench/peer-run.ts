import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from '@playwright/test';
import * as v from 'valibot';
import { jpegInfo } from '../e2e/support/jpeg-info';
import { BASELINE_DIR } from './baseline-pages';
import { BENCH_API_KEY } from './bench-config';
import { phoneContext, type Throttle, throttle } from './browser';
import type { Fixture } from './fixtures';
import type { QrdropServer } from './qrdrop-server';
import { watchSession } from './session-events';
import { sum } from './stats';
import type { UsableWhen } from './time-to-usable';

/** One page that takes the photos: qrdrop's own, or a peer's built by the bench (bench/peer-pages/). */
export interface Side {
  name: 'qrdrop' | 'Uppy' | 'FilePond';
  url(origin: string, sessionId: string): string;
  /** The input a gallery pick lands on. */
  input(page: Page): Locator;
  usable: UsableWhen;
}

const PEERS_DIR = `${BASELINE_DIR}/peers`;
/** After network idle, how long a page is left to start a prefetch (qrdrop's starts 100 ms after the ready screen). */
const PREFETCH_GRACE_MS = 1_000;
const PEERS_BUILD = path.resolve('bench/.work/peers-dist');

export const SIDES: Side[] = [
  {
    name: 'qrdrop',
    url: (origin, id) => `${origin}/u/${id}`,
    input: (page) => page.getByLabel('Choose photos'),
    usable: { kind: 'take-photo' },
  },
  {
    name: 'Uppy',
    url: (origin, id) => `${origin}/${PEERS_DIR}/uppy/index.html?id=${id}`,
    // The Dashboard's "browse files" input (the other one, with webkitdirectory, picks folders).
    input: (page) => page.locator('input.uppy-Dashboard-input:not([webkitdirectory])').first(),
    usable: { kind: 'selector', selector: 'input.uppy-Dashboard-input' },
  },
  {
    name: 'FilePond',
    url: (origin, id) => `${origin}/${PEERS_DIR}/filepond/index.html?id=${id}`,
    input: (page) => page.locator('input.filepond--browser'),
    usable: { kind: 'selector', selector: 'input.filepond--browser' },
  },
];

/**
 * Builds the peer pages (bench/peer-pages: Vite, minified, qrdrop's browser targets) and copies them into the
 * bench's build of the page, under bench-baselines/peers/, which the bench's qrdrop server serves as static files.
 */
export function addPeerPages(distDir: string): void {
  const run = spawnSync('npx', ['vite', 'build', '--config', 'bench/peer-pages/vite.config.ts'], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`peer pages build failed: ${`${run.stdout}${run.stderr}`.trim().slice(-400)}`);
  const target = path.join(distDir, PEERS_DIR);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(PEERS_BUILD, target, { recursive: true });
}

export interface PageBytes {
  /** JS and CSS the page fetched before a pick (its first screen and whatever it prefetches), gzip -9 of each file. */
  gzipBytes: number;
  files: { file: string; gzipBytes: number }[];
}

/**
 * What a page loads before anything is picked: an unthrottled cold load left to go quiet (network idle, then 1 s
 * more for a prefetch started on idle), every JS and CSS file it fetched weighed as gzip -9 from the build folder,
 * and each <style> of the HTML as it arrived (qrdrop's first screen inlines its CSS).
 */
export async function pageBytesBeforePick(browser: Browser, distDir: string, url: string): Promise<PageBytes> {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    const fetched = new Set<string>();
    page.on('requestfinished', (request) => {
      const pathname = new URL(request.url()).pathname;
      if (/\.(js|mjs|css)$/.test(pathname)) fetched.add(pathname);
    });
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    const html = (await response?.text()) ?? '';
    await page.waitForTimeout(PREFETCH_GRACE_MS);
    const files = [...fetched].map((pathname) => {
      const file = path.join(distDir, decodeURIComponent(pathname));
      return { file: pathname, gzipBytes: fs.existsSync(file) ? gzipSync(fs.readFileSync(file), { level: 9 }).length : Number.NaN };
    });
    for (const [i, match] of [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].entries()) {
      files.push({ file: `<style> ${i + 1} in the HTML`, gzipBytes: gzipSync(Buffer.from(match[1] ?? '', 'utf8'), { level: 9 }).length });
    }
    return { gzipBytes: sum(files.map((f) => f.gzipBytes)), files };
  } finally {
    await context.close();
  }
}

/** What one stored photo is, read from the bytes the integrator downloads. */
export interface Arrival {
  bytes: number;
  /** As shown (EXIF orientation applied), e.g. 1536×2048; the photos are portrait as held. */
  shownWidth: number;
  shownHeight: number;
  orientationTag: number;
  hasGps: boolean;
  /** When the bytes are not a JPEG the reader understands. */
  error?: string;
}

export interface PeerUploadRun {
  side: Side['name'];
  photos: number;
  stored: number;
  /** Pick → the server confirmed the last photo (its SSE image:ready). */
  ms: number;
  /** Pick → the first upload request left the page. */
  firstRequestMs: number;
  storedBytes: number;
  /** Main-thread long tasks (over 50 ms) from the pick to the last confirmation. */
  longTasks: number;
  longestTaskMs: number;
  longTaskTotalMs: number;
  arrivals: Arrival[];
}

/** Long tasks, as the page's own PerformanceObserver sees them. A string: tsx helpers do not exist in the page. */
const WATCH_LONG_TASKS = `(() => {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchLongTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
})();`;

const LongTasks = v.array(v.tuple([v.number(), v.number()]));
const Poll = v.object({ images: v.array(v.object({ id: v.string(), size_bytes: v.number() })) });

const PAGE_READY_TIMEOUT_MS = 90_000;

/**
 * One batch through one side on an emulated phone: load the page (throttled), hand its input every photo at once
 * as a gallery pick does, as soon as the input is there, and wait for the server to confirm them all; then download
 * what was stored, as the integrator would, and read its size, orientation and GPS.
 */
export async function peerUpload(
  browser: Browser,
  server: QrdropServer,
  side: Side,
  photos: Fixture[],
  network: Throttle,
  session: Record<string, unknown>,
  deadlineMs: number,
): Promise<PeerUploadRun> {
  // long_polling: the integrator's poll route lists what arrived (the same for every side).
  const sessionId = await server.createSession({ max_images: photos.length, long_polling: true, ...session });
  const watch = await watchSession(server.origin, sessionId);
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_LONG_TASKS);
    await throttle(page, network);
    await page.goto(side.url(server.origin, sessionId));
    const input = side.input(page);
    await input.waitFor({ state: 'attached', timeout: PAGE_READY_TIMEOUT_MS });
    const sends: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/api/v1/upload/${sessionId}/images`)) sends.push(performance.now());
    });
    const pickedInPage = await page.evaluate(() => performance.now());
    const picked = performance.now();
    await input.setInputFiles(photos.map((p) => p.path));
    await watch.waitFor(photos.length, deadlineMs).catch(async (error: unknown) => {
      const shown = await page.locator('body').innerText().catch(() => '');
      throw new Error(`${side.name}: ${error instanceof Error ? error.message : String(error)}; the page shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`);
    });
    const last = Math.max(...watch.ready.map((r) => r.at));
    const endInPage = pickedInPage + (last - picked);
    const tasks = v.parse(LongTasks, await page.evaluate(() => Reflect.get(window, '__benchLongTasks'))).filter(([start]) => start >= pickedInPage && start <= endInPage);
    const arrivals = await readArrivals(server.origin, sessionId);
    return {
      side: side.name,
      photos: photos.length,
      stored: watch.ready.length,
      ms: last - picked,
      firstRequestMs: sends.length === 0 ? Number.NaN : Math.min(...sends) - picked,
      storedBytes: sum(watch.ready.map((r) => r.bytes)),
      longTasks: tasks.length,
      longestTaskMs: tasks.length === 0 ? 0 : Math.max(...tasks.map(([, duration]) => duration)),
      longTaskTotalMs: sum(tasks.map(([, duration]) => duration)),
      arrivals,
    };
  } finally {
    watch.close();
    await context.close();
  }
}

/** Every stored photo, downloaded through the integrator's routes and read (jpeg-info). */
async function readArrivals(origin: string, sessionId: string): Promise<Arrival[]> {
  const headers = { authorization: `Bearer ${BENCH_API_KEY}` };
  const response = await fetch(`${origin}/api/v1/upload-sessions/${sessionId}/poll`, { headers });
  if (!response.ok) throw new Error(`poll answered ${response.status}`);
  const { images } = v.parse(Poll, await response.json());
  const arrivals: Arrival[] = [];
  for (const image of images) {
    const download = await fetch(`${origin}/api/v1/upload-sessions/${sessionId}/images/${image.id}`, { headers });
    if (!download.ok) throw new Error(`image download answered ${download.status}`);
    const bytes = Buffer.from(await download.arrayBuffer());
    try {
      const info = jpegInfo(bytes);
      arrivals.push({ bytes: bytes.length, shownWidth: info.shown.width, shownHeight: info.shown.height, orientationTag: info.orientation, hasGps: info.hasGps });
    } catch (error) {
      arrivals.push({ bytes: bytes.length, shownWidth: Number.NaN, shownHeight: Number.NaN, orientationTag: Number.NaN, hasGps: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return arrivals;
}
