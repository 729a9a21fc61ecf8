import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { englishOnPage } from './support/english-leaks';
import { pdfNamedJpg, smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/** The page in French and Spanish (?lang= or the phone's language), and in its dark colours (?colorScheme=). */

interface LanguageCase {
  lang: 'fr' | 'es';
  title: string;
  heading: string;
  remaining: string;
  timeLeft: RegExp;
  takePhoto: string;
  choosePhotos: string;
  /** The two hint sentences, as separate sentences. */
  hint: RegExp;
  notAPhoto: string;
  sent: string;
  oneSent: string;
  notFound: string;
  copyDetails: string;
  /** "Copy details" labels its lines in the page's language too. */
  problemLabel: string;
}

const CASES: LanguageCase[] = [
  {
    lang: 'fr',
    title: 'Envoyer des photos',
    heading: 'Envoyez vos photos',
    remaining: '4\u00a0photos restantes sur 4',
    timeLeft: /^Temps restant\u00a0: (59|60)\s?min$/,
    takePhoto: 'Prendre une photo',
    choosePhotos: 'Choisir des photos',
    hint: /^JPEG, PNG, WebP ou HEIC, 20(,0)?\s?Mo maximum par photo\. Les photos trop grandes sont réduites automatiquement\.$/,
    notAPhoto: 'Ce fichier n’est pas une photo',
    sent: 'Envoyée',
    oneSent: '1\u00a0photo envoyée',
    notFound: 'Session introuvable',
    copyDetails: 'Copier les détails',
    problemLabel: 'Problème',
  },
  {
    lang: 'es',
    title: 'Enviar fotos',
    heading: 'Envía tus fotos',
    remaining: 'Quedan 4 fotos de 4',
    timeLeft: /^Tiempo restante: (59|60)\s?min$/,
    takePhoto: 'Tomar foto',
    choosePhotos: 'Elegir fotos',
    hint: /^JPEG, PNG, WebP o HEIC, hasta 20(,0)?\s?MB por foto\. Las fotos muy grandes se reducen automáticamente\.$/,
    notAPhoto: 'Este archivo no es una foto',
    sent: 'Enviada',
    oneSent: '1 foto enviada',
    notFound: 'Sesión no encontrada',
    copyDetails: 'Copiar detalles',
    problemLabel: 'Problema',
  },
];

const hintOf = (page: Page) => page.locator('.hint');

for (const c of CASES) {
  test.describe(`in ${c.lang}`, () => {
    test(`?lang=${c.lang}: every screen and message in that language`, async ({ page, api }) => {
      const id = await api.createSession({ max_images: 4 });
      await openSession(page, id, { lang: c.lang });
      await expect(page.getByRole('heading', { level: 1, name: c.heading })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
      await expect(page).toHaveTitle(c.title);
      await expect(page.getByText(c.remaining)).toBeVisible();
      await expect(page.getByText(c.timeLeft)).toBeVisible();
      await expect(page.getByLabel(c.takePhoto)).toBeAttached();
      await expect(page.getByLabel(c.choosePhotos)).toBeAttached();
      await expect(hintOf(page)).toHaveText(c.hint);
      expect(await englishOnPage(page, c.lang)).toEqual([]);

      await page.getByLabel(c.choosePhotos).setInputFiles([smallJpeg('photo.jpg'), pdfNamedJpg('facture.jpg')]);
      await expect(page.getByRole('listitem').filter({ hasText: 'facture.jpg' })).toContainText(c.notAPhoto);
      await expect(page.getByRole('listitem').filter({ hasText: 'photo.jpg' }).first()).toContainText(c.sent);
      expect(await englishOnPage(page, c.lang)).toEqual([]);
      await expectNoAxeViolations(page, `${c.lang} upload list`);

      await page.getByRole('listitem').filter({ hasText: 'facture.jpg' }).getByRole('button').click();
      await expect(page.getByRole('heading', { level: 1, name: c.oneSent })).toBeVisible();
      expect(await englishOnPage(page, c.lang)).toEqual([]);
      await api.waitForImages(id, 1);
    });

    test(`?lang=${c.lang}: a problem screen and its details`, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await openSession(page, randomUUID(), { lang: c.lang });
      await expect(page.getByRole('heading', { level: 1, name: c.notFound })).toBeVisible();
      await page.getByRole('button', { name: c.copyDetails }).click();
      expect(await englishOnPage(page, c.lang)).toEqual([]);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.split('\n')[0]).toBe(`${c.problemLabel}: ${c.notFound}`);
      await expectNoAxeViolations(page, `${c.lang} not found`);
    });
  });
}

test.describe('the phone’s own language', () => {
  test.use({ locale: 'es-MX' });

  test('without ?lang the page speaks the phone’s language; an unknown ?lang changes nothing', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id);
    await expect(page.getByRole('heading', { level: 1, name: 'Envía tus fotos' })).toBeVisible();
    await page.goto(`/u/${id}?lang=ko`);
    await expect(page.getByRole('heading', { level: 1, name: 'Envía tus fotos' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });
});

/** Relative luminance of a CSS rgb() colour (WCAG's formula). */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const pageColours = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { background: style.backgroundColor, text: style.color };
  });

test.describe('colour scheme', () => {
  test('?colorScheme=dark draws light text on a dark page; ?colorScheme=light wins over a dark phone', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id, { colorScheme: 'dark' });
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeVisible();
    const dark = await pageColours(page);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    expect(luminance(dark.text)).toBeGreaterThan(0.7);

    await page.emulateMedia({ colorScheme: 'dark' });
    await openSession(page, id, { colorScheme: 'light' });
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeVisible();
    const light = await pageColours(page);
    expect(luminance(light.background)).toBeGreaterThan(0.9);
    expect(luminance(light.text)).toBeLessThan(0.05);
  });

  test('without ?colorScheme the page follows the phone’s setting', async ({ page, api }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const id = await api.createSession();
    await openSession(page, id);
    await expect(page.getByRole('heading', { level: 1, name: 'Send your photos' })).toBeVisible();
    expect(luminance((await pageColours(page)).background)).toBeLessThan(0.05);
  });
});
