import { test as base, expect, type Page } from '@playwright/test';
import { QrdropApi } from './qrdrop-api';

/**
 * The browser tests' `test`: every test gets the integrator API (`api`), and every test, whatever it
 * checks, also fails if the page
 * - asks any origin but qrdrop's for anything (no CDN, fonts, analytics: the issue's privacy rule),
 * - sends a Referer naming the upload page (the session id in it is the capability),
 * - throws an uncaught error or logs one (the browser's own lines for failed requests aside).
 */
export const test = base.extend<{ api: QrdropApi; pageGuards: void }>({
  api: async ({ request }, use) => {
    await use(new QrdropApi(request));
  },
  pageGuards: [
    async ({ context, page, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
      const foreign: string[] = [];
      const leakingReferers: string[] = [];
      const pageErrors: string[] = [];
      const pending: Promise<void>[] = [];
      context.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
        pending.push(
          request
            .allHeaders()
            .then((headers) => {
              const referer = headers.referer;
              if (referer !== undefined && referer.includes('/u/')) leakingReferers.push(`${url} ← ${referer}`);
            })
            .catch(() => undefined), // the page closed before the headers were known
        );
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // The browser logs every 4xx/5xx answer itself; those are what many tests provoke on purpose.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
      });
      await use();
      await Promise.all(pending);
      expect(foreign, 'requests to origins other than qrdrop’s').toEqual([]);
      expect(leakingReferers, 'requests carrying the upload page in their Referer').toEqual([]);
      expect(pageErrors, 'errors thrown or logged by the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export interface PageOptions {
  lang?: 'en' | 'fr' | 'es';
  colorScheme?: 'light' | 'dark';
}

/** Opens the upload page of a session, as scanning its QR code would. */
export async function openSession(page: Page, sessionId: string, options: PageOptions = {}): Promise<void> {
  const query = new URLSearchParams(Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const search = query.size > 0 ? `?${query.toString()}` : '';
  await page.goto(`/u/${sessionId}${search}`);
  await pageScriptStarted(page);
}

/**
 * The server renders the session's screen into the HTML, so its buttons are on screen before the page's script
 * runs; a file set before then would go unnoticed. Waits until React owns #root (created or hydrating: React then
 * finishes hydrating whatever is touched first).
 */
export async function pageScriptStarted(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.getElementById('root');
    return root !== null && Object.keys(root).some((key) => key.startsWith('__reactContainer$'));
  });
}
