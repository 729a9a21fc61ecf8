import type { Page } from '@playwright/test';
import * as v from 'valibot';
import { median } from './stats';

/**
 * The real page's own account of each photo, from the English status it shows in the list (item.checking,
 * item.compressing, item.queued, item.uploading, item.done in src/i18n/en.ts): when each status first appeared.
 * A string, not a function (tsx helpers do not exist in the page). Install before the page loads.
 */
export const WATCH_ITEM_STATUS = `(() => {
  const seen = {};
  window.__benchItemStatus = seen;
  const words = { checking: 'Checking…', compressing: 'Optimizing…', queued: 'Waiting…', uploading: 'Sending…', done: 'Sent' };
  const scan = () => {
    for (const item of document.querySelectorAll('li')) {
      const text = item.textContent || '';
      const name = (text.match(/[\\w.-]+\\.jpe?g/i) || [])[0];
      if (!name) continue;
      for (const [status, word] of Object.entries(words)) {
        if (text.includes(word) && !(status === 'done' && text.includes('Sending'))) {
          const key = name + '|' + status;
          if (!(key in seen)) seen[key] = performance.now();
        }
      }
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener('change', () => { window.__benchPickedAt = performance.now(); }, true);
})();`;

const Seen = v.object({ pickedAt: v.number(), seen: v.record(v.string(), v.number()) });

/** Time from one status to the next (ms): medians over the photos where both were seen, except `checking`. */
export interface PhaseTimes {
  /**
   * Picked → the first photo's "Optimizing…": whatever of the upload engine the ready screen's prefetch has not
   * fetched yet (the bench picks as soon as the picker is there), keeping the originals for a reload, checking
   * the type, probing the size. Later photos wait in line for a preparation slot (one or two at a time, by the
   * device's cores), so only the first one says how long this step takes.
   */
  checking: number;
  /** "Optimizing…" → "Sending…" (compression, and keeping the result for a reload). */
  compressing: number;
  /** "Sending…" → "Sent". */
  sending: number;
}

export async function readPhaseTimes(page: Page): Promise<PhaseTimes> {
  const raw = await page.evaluate(() => ({ pickedAt: Number(Reflect.get(window, '__benchPickedAt')), seen: Reflect.get(window, '__benchItemStatus') }));
  const parsed = v.safeParse(Seen, raw);
  if (!parsed.success) return { checking: Number.NaN, compressing: Number.NaN, sending: Number.NaN };
  const { pickedAt, seen } = parsed.output;
  const names = [...new Set(Object.keys(seen).map((key) => key.split('|')[0] ?? ''))];
  const gap = (from: (name: string) => number | undefined, to: (name: string) => number | undefined) =>
    median(names.flatMap((name) => {
      const a = from(name);
      const b = to(name);
      return a === undefined || b === undefined ? [] : [b - a];
    }));
  const at = (status: string) => (name: string) => seen[`${name}|${status}`];
  const firstOptimizing = Math.min(...names.map((name) => at('compressing')(name) ?? Number.POSITIVE_INFINITY));
  return {
    checking: Number.isFinite(firstOptimizing) ? firstOptimizing - pickedAt : Number.NaN,
    compressing: gap(at('compressing'), at('uploading')),
    sending: gap(at('uploading'), at('done')),
  };
}
