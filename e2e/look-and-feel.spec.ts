import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { serveStaticShell } from './support/static-shell';
import { pdfNamedJpg, smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';
import { isolate } from '../src/i18n/isolate';

/** Mobile-first: something meaningful before the JavaScript, nothing that moves, every control big enough to tap. */

/** Sums the layout shifts the page had (the Cumulative Layout Shift of Web Vitals, without input-caused ones). */
async function watchLayoutShifts(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const state = { total: 0 };
    Object.defineProperty(window, '__layoutShift', { value: state });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const shift = entry as PerformanceEntry & { value?: number; hadRecentInput?: boolean };
        if (shift.hadRecentInput !== true) state.total += shift.value ?? 0;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return () => page.evaluate(() => (Reflect.get(window, '__layoutShift') as { total: number }).total);
}

/** Every control a finger has to hit on the screen, with its size. */
const tapTargets = (page: Page) =>
  page.locator('button, a[href], label:has(input), input:not(.visually-hidden):not([type="checkbox"]), textarea').evaluateAll((elements) =>
    elements
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        const box = element.getBoundingClientRect();
        return { name: (element.textContent ?? '').trim() || element.getAttribute('aria-label') || element.tagName, width: box.width, height: box.height };
      }),
  );

async function expectBigTapTargets(page: Page, screen: string): Promise<void> {
  const targets = await tapTargets(page);
  expect(targets.length, `controls on the ${screen} screen`).toBeGreaterThan(0);
  const small = targets.filter((target) => target.width < 44 || target.height < 44);
  expect(small, `controls under 44 × 44 px on the ${screen} screen`).toEqual([]);
}

test.describe('look and feel', () => {
  test('before any JavaScript runs, the static page already shows the brand and a loading indicator', async ({ browser, baseURL, api }) => {
    const id = await api.createSession();
    // Script execution off: what a slow phone shows while the JavaScript is still on its way. (Chromium's
    // emulation does not render <noscript>, so the "needs JavaScript" lines cannot be seen here.)
    const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 412, height: 915 } });
    try {
      const page = await noScript.newPage();
      // The static shell, as sent when the server cannot render the session (e2e/server-render.spec.ts: when it can).
      await serveStaticShell(page, id);
      await page.goto(`/u/${id}`);
      await expect(page.getByRole('banner')).toHaveText('qrdrop');
      await expect(page.locator('main .spinner')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: 'Loading…' })).toBeAttached();
      // Styled already: the stylesheet is in the head, not injected by script.
      const header = await page.getByRole('banner').evaluate((element) => getComputedStyle(element).height);
      expect(header).toBe('56px');
    } finally {
      await noScript.close();
    }
  });

  test('nothing moves while the page loads and photos go up', async ({ page, api }) => {
    const layoutShift = await watchLayoutShifts(page);
    const id = await api.createSession({ max_images: 5 });
    await openSession(page, id);
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeVisible();
    await page.getByLabel('Choose photos').setInputFiles([smallJpeg('a.jpg', { seed: 1 }), pdfNamedJpg('b.jpg'), smallJpeg('c.jpg', { seed: 3 })]);
    await expect(page.getByRole('listitem').filter({ hasText: 'c.jpg' })).toContainText('Sent');
    await expect(page.getByRole('listitem').filter({ hasText: 'a.jpg' })).toContainText('Sent');
    // Web Vitals calls under 0.1 good; the page aims for none at all, a list growing below the fold aside.
    expect(await layoutShift()).toBeLessThan(0.01);

    // A new document, counted from zero: the static shell replaced by a problem screen.
    await openSession(page, randomUUID());
    await expect(page.getByRole('heading', { level: 1, name: 'Session not found' })).toBeVisible();
    expect(await layoutShift()).toBeLessThan(0.01);
  });

  test('a 320 px wide screen never scrolls sideways, even in French with long file names and messages', async ({ page, api }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const id = await api.createSession({ max_images: 3, label: 'Sinistre n° 2024-000123456 — photos du dégât des eaux' });
    await openSession(page, id, { lang: 'fr' });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sideways()).toBe(0);
    await page.getByLabel('Choisir des photos').setInputFiles([
      smallJpeg('IMG_20240611_184512345_HDR_PORTRAIT_EFFECT_FRONT_CAMERA_0001.jpg'),
      pdfNamedJpg('Scan_facture_electricite_juin_2024_definitive_version_finale.jpg'),
      ...[1, 2].map((seed) => smallJpeg(`extra-${seed}-with-a-rather-long-name-to-wrap.jpg`, { seed })),
    ]);
    await expect(page.getByRole('listitem').filter({ hasText: 'Scan_facture' })).toContainText('Ce fichier n’est pas une photo');
    await expect(page.getByRole('listitem').filter({ hasText: 'extra-2' })).toContainText('Il ne reste de la place que pour 3\u00a0photos');
    expect(await sideways()).toBe(0);
  });

  test('every control is at least 44 × 44 px, on every kind of screen', async ({ page, api, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const id = await api.createSession({ max_images: 3, password: 'big-fingers' });
    await openSession(page, id);
    await expect(page.getByRole('heading', { level: 1, name: 'Password required' })).toBeVisible();
    await expectBigTapTargets(page, 'password');
    await page.getByLabel('Password', { exact: true }).fill('big-fingers');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeVisible();
    await expectBigTapTargets(page, 'ready');

    await page.getByLabel('Choose photos').setInputFiles([smallJpeg('ok.jpg'), pdfNamedJpg('no.jpg')]);
    await expect(page.getByRole('listitem').filter({ hasText: 'ok.jpg' })).toContainText('Sent');
    await expectBigTapTargets(page, 'upload list');
    await page.getByRole('button', { name: `Remove ${isolate('no.jpg')}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible();
    await expectBigTapTargets(page, 'all done');

    await openSession(page, randomUUID());
    await page.getByRole('button', { name: 'Copy details' }).click();
    await expect(page.getByText('Details copied')).toBeVisible();
    await expectBigTapTargets(page, 'not found');
  });
});
