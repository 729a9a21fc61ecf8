import type { Page } from '@playwright/test';
import { es } from '../src/i18n/es';
import { fr } from '../src/i18n/fr';
import { hydrationMessages } from './support/hydration';
import { smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * The session's screen comes in the HTML (server/page/), and the page hydrates it: it paints before any script,
 * reads nothing more, and works as before once hydrated.
 */

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

function sessionReads(page: Page, id: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes(`/api/v1/upload/${id}/session`)) seen.push(request.url());
  });
  return seen;
}

test.describe('server-rendered page', () => {
  test('the ready screen is in the HTML; the page reads nothing more, hydrates without a mismatch, and uploads', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    const reads = sessionReads(page, id);
    const hydration = hydrationMessages(page);

    const response = await page.request.get(`/u/${id}`);
    const html = await response.text();
    expect(html).toContain('>Send your photos</h1>');
    expect(html).toContain('<p class="hint"><bdi>JPEG, PNG, WebP, or HEIC</bdi>, up to <bdi>20 MB</bdi> each.');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");

    await openSession(page, id);
    await expect(heading(page, 'Send your photos')).toBeVisible();
    await expect(page.getByText('5 of 5 photos left')).toBeVisible();

    await page.getByLabel('Choose photos').setInputFiles([smallJpeg('one.jpg', { seed: 1 }), smallJpeg('two.jpg', { seed: 2 })]);
    await expect(heading(page, '2 photos sent')).toBeVisible();
    await page.getByRole('button', { name: 'Add more' }).click();
    await page.getByLabel('Take photo').setInputFiles(smallJpeg('three.jpg', { seed: 3 }));
    await expect(heading(page, '3 photos sent')).toBeVisible();
    const received = await api.waitForImages(id, 3);
    expect(received.map((image) => `${image.filename} ${image.source}`).sort()).toEqual(['one.jpg gallery', 'three.jpg camera', 'two.jpg gallery']);

    expect(reads).toEqual([]);
    expect(hydration).toEqual([]);
  });

  test('paints the session screen, styled, from the HTML alone: scripts blocked, no stylesheet request', async ({ browser, api }) => {
    const id = await api.createSession({ label: 'Claim 4411 photos' });
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const stylesheets: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'stylesheet') stylesheets.push(request.url());
      });
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`/u/${id}`);
      await expect(heading(page, 'Claim 4411 photos')).toBeVisible();
      // The build's stylesheet is in the HTML (vite-plugins/inline-css.ts), let through by its CSP hash.
      await expect(page.locator('body')).toHaveCSS('margin', '0px');
      expect(stylesheets).toEqual([]);
      expect(violations).toEqual([]);
      await expect(page.getByText('JPEG, PNG, WebP, or HEIC, up to 20 MB each.', { exact: false })).toBeVisible();
      await expect(page).toHaveTitle('Claim 4411 photos');
    } finally {
      await context.close();
    }
  });

  for (const { lang, catalog } of [
    { lang: 'fr', catalog: fr },
    { lang: 'es', catalog: es },
  ] as const) {
    test(`hydrates in ${lang}, dark, without a mismatch or a read, and uploads`, async ({ page, api }) => {
      const id = await api.createSession();
      const reads = sessionReads(page, id);
      const hydration = hydrationMessages(page);
      await openSession(page, id, { lang, colorScheme: 'dark' });
      await expect(heading(page, catalog['ready.heading'])).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('html')).toHaveAttribute('data-color-scheme', 'dark');
      await page.getByLabel(catalog['picker.choosePhotos']).setInputFiles(smallJpeg('un.jpg'));
      await expect(heading(page, (catalog['done.title'].one ?? '').replace('{count}', '1'))).toBeVisible();
      expect(reads).toEqual([]);
      expect(hydration).toEqual([]);
    });
  }
});
