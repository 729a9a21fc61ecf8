import type { Browser } from '@playwright/test';
import { countWireBytes, phoneContext, type Throttle, throttle } from './browser';

export interface UsableRun {
  /**
   * From navigation start until a pick is handled (UsableWhen) on a painted page: the later of that moment and the
   * first contentful paint, the same for every page measured (an input in the DOM before anything is on screen
   * cannot be tapped).
   */
  usableMs: number;
  /** When UsableWhen held, painted or not (at or before usableMs). */
  handledMs: number;
  /** What made it usable: 'boot script' (qrdrop's early-pick script installed), 'hydrated' (React), 'peer input'. */
  usableBy: string;
  firstContentfulPaintMs: number;
  /** The browser's own largest-contentful-paint entry (the last one, read once the page is usable). */
  largestContentfulPaintMs: number;
  wireBytes: number;
  requests: number;
  /** The main document's response headers, and each script the page fetched: when asked for, when arrived. */
  documentResponseStartMs: number;
  scripts: { path: string; startMs: number; responseEndMs: number }[];
}

const USABLE_TIMEOUT_MS = 60_000;
/** How long the page may take to show it has the probe pick (its boot script or its bundle still on the way). */
const PROBE_TIMEOUT_MS = 30_000;

/** What makes a page "usable": a pick made from then on is handled. */
export type UsableWhen =
  /**
   * qrdrop: the label "Take photo" holding an enabled input is in the page (the floor page unhides it once the
   * session is read; the real page's server-rendered HTML holds it before any script runs) and a pick on it is
   * handled: on a page that has the boot script (src/boot/), at once, as the input keeps what is picked until the
   * boot script arrives and takes it; on a build without one, once React has hydrated the input (its props are on
   * the element), as a file picked before then would be ignored. Checked, not assumed: on the real page, a probe
   * pick is made on that "Take photo" input the moment this holds, and the run fails unless the page then says it
   * has it.
   */
  | { kind: 'take-photo' }
  /** A peer's page: its own file input (`selector`) is in the page, enabled (the peer's script has created it). */
  | { kind: 'selector'; selector: string };

/**
 * Runs in the page before any of its own script: notes the moment the page becomes usable (see UsableWhen).
 * A string, not a function: the bench runs under tsx, whose compiled functions may name helpers the page lacks.
 */
function watchForUsable(when: UsableWhen): string {
  const test =
    when.kind === 'take-photo'
      ? `(() => {
    for (const label of document.querySelectorAll('label')) {
      const input = label.querySelector('input');
      const handled = !document.getElementById('root') || document.querySelector('script[src*="/boot-"]') !== null || window.qrdropBoot !== undefined || Object.keys(input ?? {}).some((key) => key.startsWith('__reactProps$'));
      if (!label.hidden && label.textContent.includes('Take photo') && input && !input.disabled && handled) return input;
    }
    return null;
  })()`
      : `(() => { const input = document.querySelector(${JSON.stringify(when.selector)}); return input !== null && !input.disabled ? input : null; })()`;
  return `(() => {
  let done = false;
  let paintedAt;
  // Usable on screen: never before the first contentful paint, whatever the page (a control in a DOM that is not
  // painted yet cannot be tapped).
  const settle = () => {
    if (done && paintedAt !== undefined && window.__benchUsableAt === undefined) window.__benchUsableAt = Math.max(window.__benchHandledAt, paintedAt);
  };
  new PerformanceObserver((list) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint !== undefined && paintedAt === undefined) {
      paintedAt = paint.startTime;
      settle();
    }
  }).observe({ type: 'paint', buffered: true });
  const check = () => {
    if (done) return;
    const input = ${test};
    if (input !== null) {
      window.__benchHandledAt = performance.now();
      window.__benchUsableBy = ${JSON.stringify(when.kind)} !== 'take-photo' ? 'peer input' : window.qrdropBoot !== undefined ? 'boot script' : document.querySelector('script[src*="/boot-"]') !== null ? 'painted input' : 'hydrated';
      done = true;
      observer.disconnect();
      settle();
      if (${JSON.stringify(when.kind)} === 'take-photo' && document.getElementById('root') !== null) probe(input);
    }
  };
  // The probe pick (see UsableWhen): a file the page refuses by its type after taking it, so that nothing reaches
  // the session (shared by every run); taking it is what is checked: the boot line, or the page's list, names it.
  const probe = (input) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['not a photo'], 'bench-probe.txt', { type: 'text/plain' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const taken = () => {
      const said = document.getElementById('qrdrop-boot-status')?.textContent ?? '';
      if (window.__benchProbe === undefined && (said !== '' || document.body.textContent.includes('bench-probe.txt'))) window.__benchProbe = 'taken';
    };
    new MutationObserver(taken).observe(document, { subtree: true, childList: true, characterData: true });
    taken();
  };
  // The boot script installing itself changes no DOM: the moment it sets window.qrdropBoot is a check too, as a
  // peer's script adding its input is (through the observer), instead of waiting for the next frame.
  let boot;
  Object.defineProperty(window, 'qrdropBoot', {
    configurable: true,
    get: () => boot,
    set: (value) => {
      boot = value;
      check();
    },
  });
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  // Hydration changes no DOM for the observer to see either: also looked at each frame.
  const frame = () => {
    check();
    if (!done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
}

/** One cold load (fresh context, empty cache) of `url` on an emulated phone under `profile`. */
export async function timeToUsable(browser: Browser, url: string, profile: Throttle, when: UsableWhen = { kind: 'take-photo' }): Promise<UsableRun> {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(watchForUsable(when));
    const cdp = await throttle(page, profile);
    const wire = countWireBytes(cdp);
    await page.goto(url, { waitUntil: 'commit' });
    const usable = await page.waitForFunction(() => Reflect.get(window, '__benchUsableAt'), undefined, { timeout: USABLE_TIMEOUT_MS, polling: 100 });
    const usableMs = Number(await usable.jsonValue());
    const usableBy = String(await page.evaluate(() => Reflect.get(window, '__benchUsableBy')));
    if (when.kind === 'take-photo' && (await page.evaluate(() => document.getElementById('root') !== null))) {
      const probe = await page.waitForFunction(() => Reflect.get(window, '__benchProbe'), undefined, { timeout: PROBE_TIMEOUT_MS, polling: 100 }).catch(() => undefined);
      const outcome = probe === undefined ? 'not taken' : String(await probe.jsonValue());
      if (outcome !== 'taken') throw new Error(`a pick made when the page counted as usable (${usableMs.toFixed(0)} ms, by ${usableBy}) was ${outcome}`);
    }
    const handledMs = Number(await page.evaluate(() => Reflect.get(window, '__benchHandledAt')));
    // Plain arrow functions (no inner declarations), so tsx adds no helper the page would lack; strings are refused by the CSP.
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
    // LCP entries are only handed to an observer (buffered: those before it too); the last one is the LCP.
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().at(-1)?.startTime ?? Number.NaN)).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve(Number.NaN), 2_000);
        }),
    );
    const documentResponseStartMs = await page.evaluate(() => (performance.getEntriesByType('navigation') as PerformanceNavigationTiming[])[0]?.responseStart ?? Number.NaN);
    const scripts = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => ({ path: new URL(entry.name).pathname, startMs: entry.startTime, responseEndMs: entry.responseEnd })),
    );
    const { received, requests } = wire();
    return { usableMs, handledMs, usableBy, firstContentfulPaintMs: fcp, largestContentfulPaintMs: lcp, wireBytes: received, requests, documentResponseStartMs, scripts };
  } finally {
    await context.close();
  }
}
