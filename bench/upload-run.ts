import type { Browser, Page, Request } from '@playwright/test';
import { BASELINE_DIR } from './baseline-pages';
import { phoneContext, type Throttle, throttle } from './browser';
import { type PhaseTimes, readPhaseTimes, WATCH_ITEM_STATUS } from './page-timeline';
import type { Fixture } from './fixtures';
import type { QrdropServer } from './qrdrop-server';
import { watchSession } from './session-events';
import { sum } from './stats';

export type Uploader = 'qrdrop' | 'plain';

export interface UploadRun {
  uploader: Uploader;
  photos: number;
  /** From the moment the files are handed to the page until the server confirmed the last one. */
  ms: number;
  /** Photo bytes the server stored: what actually went up (multipart framing aside). */
  sentBytes: number;
  /** sentBytes over the uplink: no uploader can do better than this. */
  limitMs: number;
  /** When the first and the last photo started going up (after selection): before that, the page prepares. */
  firstSendMs: number;
  lastSendMs: number;
  /**
   * From the first send to the last answer, the time with no upload on its way (nothing to send yet: the page is
   * still preparing): what the link floor cannot see, and what a page that prepares ahead keeps near zero.
   */
  linkIdleMs: number;
  /** The most uploads on their way at once. */
  mostInFlight: number;
  /** The qrdrop page's own per-photo phases (NaN for the plain uploader, which shows none). */
  phases: PhaseTimes;
}

const PAGE_READY_TIMEOUT_MS = 90_000;

async function openUploader(page: Page, server: QrdropServer, uploader: Uploader, sessionId: string) {
  if (uploader === 'qrdrop') {
    await page.goto(`${server.origin}/u/${sessionId}`);
    const input = page.getByLabel('Choose photos');
    await input.waitFor({ state: 'attached', timeout: PAGE_READY_TIMEOUT_MS });
    return input;
  }
  await page.goto(`${server.origin}/${BASELINE_DIR}/plain-upload.html?id=${sessionId}`);
  return page.locator('#files');
}

/**
 * One batch through one uploader on an emulated phone: load the page (throttled too), hand it every photo at
 * once, as picking them in the gallery does, and wait for the server to confirm them all.
 */
export async function uploadBatch(
  browser: Browser,
  server: QrdropServer,
  uploader: Uploader,
  photos: Fixture[],
  network: Throttle,
  session: Record<string, unknown>,
  deadlineMs: number,
): Promise<UploadRun> {
  const sessionId = await server.createSession({ max_images: photos.length, ...session });
  const watch = await watchSession(server.origin, sessionId);
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_ITEM_STATUS);
    await throttle(page, network);
    const input = await openUploader(page, server, uploader, sessionId);
    const sends = new Map<Request, { from: number; to?: number }>();
    const isSend = (request: Request) => request.method() === 'POST' && request.url().endsWith(`/api/v1/upload/${sessionId}/images`);
    page.on('request', (request) => {
      if (isSend(request)) sends.set(request, { from: performance.now() });
    });
    const answered = (request: Request) => {
      const send = sends.get(request);
      if (send !== undefined) send.to = performance.now();
    };
    page.on('requestfinished', answered);
    page.on('requestfailed', answered);
    const selected = performance.now();
    await input.setInputFiles(photos.map((p) => p.path));
    await watch.waitFor(photos.length, deadlineMs).catch(async (error: unknown) => {
      // What the person would see: the page's own status says why it is stuck.
      const shown = await page.locator('body').innerText().catch(() => '');
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the page shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`);
    });
    const last = Math.max(...watch.ready.map((r) => r.at));
    const sentBytes = sum(watch.ready.map((r) => r.bytes));
    // Let the page show the last "Sent" before reading its statuses.
    await page.waitForTimeout(500);
    const phases = await readPhaseTimes(page);
    const intervals = [...sends.values()].map(({ from, to }) => ({ from, to: to ?? last }));
    const starts = intervals.map((send) => send.from);
    return {
      uploader,
      photos: photos.length,
      ms: last - selected,
      sentBytes,
      limitMs: ((sentBytes * 8) / network.uploadBitsPerSecond) * 1000,
      firstSendMs: Math.min(...starts) - selected,
      lastSendMs: Math.max(...starts) - selected,
      ...linkUse(intervals),
      phases,
    };
  } finally {
    watch.close();
    await context.close();
  }
}

/** How the uploads used the link: the gaps with none on its way (first start to last end), and the most at once. */
export function linkUse(intervals: readonly { from: number; to: number }[]): { linkIdleMs: number; mostInFlight: number } {
  const edges = intervals.flatMap(({ from, to }) => [{ at: from, change: 1 }, { at: to, change: -1 }]).sort((a, b) => a.at - b.at || b.change - a.change);
  let inFlight = 0;
  let mostInFlight = 0;
  let idleSince: number | undefined;
  let linkIdleMs = 0;
  for (const { at, change } of edges) {
    if (inFlight === 0 && idleSince !== undefined) linkIdleMs += at - idleSince;
    inFlight += change;
    mostInFlight = Math.max(mostInFlight, inFlight);
    idleSince = inFlight === 0 ? at : undefined;
  }
  return { linkIdleMs, mostInFlight };
}
