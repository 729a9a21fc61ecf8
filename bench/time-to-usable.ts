import type { Browser } from '@playwright/test';
import { countWireBytes, phoneContext, type Throttle, throttle } from './browser';

export interface UsableRun {
  /** From navigation start until the "Take photo" control is in the page, enabled, with the session loaded. */
  usableMs: number;
  firstContentfulPaintMs: number;
  /** The browser's own largest-contentful-paint entry (the last one, read once the page is usable). */
  largestContentfulPaintMs: number;
  wireBytes: number;
  requests: number;
}

const USABLE_TIMEOUT_MS = 60_000;

/**
 * Runs in the page before any of its own script: notes the moment a label "Take photo" holding an enabled
 * input appears (the real page renders it once the session is read; the floor page unhides it then) and can act
 * on a pick. The real page's server-rendered HTML holds the label before any script runs: it counts once React
 * has hydrated the input (its props are on the element), as a file picked before then would be ignored.
 * A string, not a function: the bench runs under tsx, whose compiled functions may name helpers the page lacks.
 */
const WATCH_FOR_TAKE_PHOTO = `(() => {
  let done = false;
  const check = () => {
    if (done) return;
    for (const label of document.querySelectorAll('label')) {
      const input = label.querySelector('input');
      const handled = !document.getElementById('root') || Object.keys(input ?? {}).some((key) => key.startsWith('__reactProps$'));
      if (!label.hidden && label.textContent.includes('Take photo') && input && !input.disabled && handled) {
        window.__benchUsableAt = performance.now();
        done = true;
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  // Hydration changes no DOM for the observer to see: also looked at each frame.
  const frame = () => {
    check();
    if (!done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** One cold load (fresh context, empty cache) of `url` on an emulated phone under `profile`. */
export async function timeToUsable(browser: Browser, url: string, profile: Throttle): Promise<UsableRun> {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_FOR_TAKE_PHOTO);
    const cdp = await throttle(page, profile);
    const wire = countWireBytes(cdp);
    await page.goto(url, { waitUntil: 'commit' });
    const usable = await page.waitForFunction(() => Reflect.get(window, '__benchUsableAt'), undefined, { timeout: USABLE_TIMEOUT_MS, polling: 100 });
    const usableMs = Number(await usable.jsonValue());
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
    const { received, requests } = wire();
    return { usableMs, firstContentfulPaintMs: fcp, largestContentfulPaintMs: lcp, wireBytes: received, requests };
  } finally {
    await context.close();
  }
}
