import { randomUUID } from 'node:crypto';
import type { Page, Route } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { serveStaticShell } from './support/static-shell';
import { pdfNamedJpg, smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';
import type { QrdropApi } from './support/qrdrop-api';
import { answerUploads, envelope } from './support/upload-routes';
import { isolate } from '../src/i18n/isolate';

/**
 * Every screen, light and dark, audited by axe-core with zero violations allowed; and the main actions
 * done with the keyboard alone. Transient screens (loading, sending) are held in place by holding the
 * request they wait for.
 */

type Scheme = 'light' | 'dark';
interface ScreenCase {
  name: string;
  /** Brings the page to the screen, in the given colours; returns once it is on screen. */
  show: (page: Page, api: QrdropApi, colorScheme: Scheme) => Promise<void>;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const images = /\/api\/v1\/upload\/[^/]+\/images$/;

/** Holds every matching request unanswered (so the screen waiting for it stays), until the test ends. */
async function hold(page: Page, url: RegExp): Promise<void> {
  const held: Route[] = [];
  await page.route(url, (route) => void held.push(route));
}

const SCREENS: ScreenCase[] = [
  {
    name: 'loading',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await serveStaticShell(page, id);
      await hold(page, /\/session$/);
      await openSession(page, id, { colorScheme });
      await expect(page.locator('section[aria-busy="true"]')).toBeVisible();
      await expect(page.locator('.spinner')).toBeVisible();
    },
  },
  {
    name: 'invalid link',
    show: async (page, _api, colorScheme) => {
      await page.goto(`/u/not-a-session?colorScheme=${colorScheme}`);
      await expect(heading(page, 'Invalid link')).toBeVisible();
    },
  },
  {
    name: 'not found',
    show: async (page, _api, colorScheme) => {
      await openSession(page, randomUUID(), { colorScheme });
      await expect(heading(page, 'Session not found')).toBeVisible();
    },
  },
  {
    name: 'connection problem (session read)',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await serveStaticShell(page, id);
      await page.route(/\/session$/, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: envelope(503, 'Service Unavailable', 'Down.') }));
      await page.clock.install();
      await openSession(page, id, { colorScheme });
      await expect(async () => {
        await page.clock.fastForward(5_000);
        await expect(heading(page, 'Connection problem')).toBeVisible({ timeout: 500 });
      }).toPass({ timeout: 30_000 });
      await expect(page.getByRole('button', { name: 'Tap to retry' })).toBeVisible();
    },
  },
  {
    name: 'expired',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession({ expires_at: new Date(Date.now() + 1_500).toISOString() });
      await expect.poll(async () => (await api.pageSession(id)).status).toBe('expired');
      await openSession(page, id, { colorScheme });
      await expect(heading(page, 'Session expired')).toBeVisible();
    },
  },
  {
    name: 'completed',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await api.completeSession(id);
      await openSession(page, id, { colorScheme });
      await expect(heading(page, 'Session already completed')).toBeVisible();
    },
  },
  {
    name: 'full',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession({ max_images: 1 });
      await api.uploadDirect(id, smallJpeg('earlier.jpg'));
      await openSession(page, id, { colorScheme });
      await expect(heading(page, 'Session full')).toBeVisible();
    },
  },
  {
    name: 'copy details, copied',
    show: async (page, _api, colorScheme) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await openSession(page, randomUUID(), { colorScheme });
      await page.getByRole('button', { name: 'Copy details' }).click();
      await expect(page.getByText('Details copied')).toBeVisible();
    },
  },
  {
    name: 'password, wrong',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession({ password: 'correct-horse' });
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Password', { exact: true }).fill('wrong-horse');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert')).toContainText('Wrong password');
    },
  },
  {
    name: 'ready',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession({ label: 'Kitchen renovation' });
      await openSession(page, id, { colorScheme });
      await expect(heading(page, 'Kitchen renovation')).toBeVisible();
    },
  },
  {
    name: 'sending (progress bars, status line)',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await hold(page, images);
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Choose photos').setInputFiles([1, 2, 3].map((seed) => smallJpeg(`p${seed}.jpg`, { seed })));
      await expect(page.getByRole('progressbar', { name: `Sending ${isolate('p1.jpg')}` })).toBeVisible();
      await expect(page.getByRole('listitem').filter({ hasText: 'p3.jpg' })).toContainText('Waiting…');
    },
  },
  {
    name: 'a refused file in the list',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Choose photos').setInputFiles([smallJpeg('fine.jpg'), pdfNamedJpg('notes.jpg')]);
      await expect(page.getByRole('listitem').filter({ hasText: 'notes.jpg' })).toContainText('This file is not a photo');
      await expect(page.getByRole('listitem').filter({ hasText: 'fine.jpg' })).toContainText('Sent');
    },
  },
  {
    name: 'too many uploads (429 countdown)',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await answerUploads(page, () => ({ status: 429, headers: { 'retry-after': '600' }, body: envelope(429, 'Too Many Requests', 'Slow down.') }));
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Choose photos').setInputFiles(smallJpeg('wait.jpg'));
      await expect(page.getByText(/^Resuming in \d+ min$/)).toBeVisible();
    },
  },
  {
    name: 'all done',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession({ max_images: 3 });
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Choose photos').setInputFiles([smallJpeg('a.jpg', { seed: 1 }), smallJpeg('b.jpg', { seed: 2 })]);
      await expect(heading(page, '2 photos sent')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Add more' })).toBeVisible();
    },
  },
  {
    name: 'session stopped with photos sent before (409)',
    show: async (page, api, colorScheme) => {
      const id = await api.createSession();
      await openSession(page, id, { colorScheme });
      await page.getByLabel('Choose photos').setInputFiles(smallJpeg('first.jpg'));
      await expect(heading(page, '1 photo sent')).toBeVisible();
      await page.getByRole('button', { name: 'Add more' }).click();
      await api.completeSession(id);
      await page.getByLabel('Choose photos').setInputFiles(smallJpeg('second.jpg', { seed: 2 }));
      await expect(heading(page, 'Session already completed')).toBeVisible();
      await expect(page.getByText('1 photo was sent before this.')).toBeVisible();
    },
  },
];

test.describe('axe-core: zero violations', () => {
  for (const screen of SCREENS) {
    test(`${screen.name}, light and dark`, async ({ page, api }) => {
      await screen.show(page, api, 'light');
      await expect(page.locator('html')).toHaveAttribute('data-color-scheme', 'light');
      await expectNoAxeViolations(page, `${screen.name} (light)`);
      // The same screen in dark colours, switched the way ?colorScheme=dark does it at start-up
      // (src/app/color-scheme.ts; language-and-theme.spec.ts checks the query itself).
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await background();
      await page.evaluate(() => {
        document.documentElement.dataset.colorScheme = 'dark';
      });
      await expect.poll(background).not.toBe(light);
      await expectNoAxeViolations(page, `${screen.name} (dark)`);
    });
  }
});

/** The computed outline of an element: what a sighted keyboard user sees around it. */
const outlineOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });

test.describe('keyboard', () => {
  test('the heading that takes focus when a screen appears shows no ring; controls reached by Tab do', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id);
    await expect(heading(page, 'Send your photos')).toBeFocused();
    expect((await outlineOf(page, 'h1')).style).toBe('none');

    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Take photo')).toBeFocused();
    const ring = await outlineOf(page, 'label:has(input[capture])');
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
  });

  test('the language switcher: a labelled select with the current language only, every language once reached by keyboard, chosen with the arrows', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id);
    const switcher = page.getByRole('combobox', { name: 'Language' });
    // Server rendered and hydrated with one option: the first frame lays out no Arabic, Chinese or Japanese.
    await expect(switcher).toHaveValue('en');
    await expect(switcher.locator('option')).toHaveCount(1);
    await expectNoAxeViolations(page, 'language switcher, untouched');
    await expect(heading(page, 'Send your photos')).toBeFocused();
    for (let presses = 0; presses < 10 && !(await switcher.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Shift+Tab');
    await expect(switcher).toBeFocused();
    await expect(switcher.locator('option')).toHaveCount(12);
    await expect(switcher.locator('option[lang="ar"]')).toHaveText('العربية');
    // The next language after English, in the list's order.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
    await expect(page.getByRole('combobox', { name: 'Langue' }).locator('option')).toHaveCount(12);
    await expectNoAxeViolations(page, 'language switcher, opened once');
  });

  test('a tapped picker button keeps no ring once the photos are chosen', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 3 });
    await openSession(page, id);
    const chooser = page.waitForEvent('filechooser');
    await page.getByText('Choose photos').tap();
    await (await chooser).setFiles(smallJpeg('tapped.jpg'));
    await expect(heading(page, '1 photo sent')).toBeVisible();
    await page.getByRole('button', { name: 'Add more' }).tap();
    await expect(page.getByText('2 of 3 photos left')).toBeVisible();
    const again = page.waitForEvent('filechooser');
    await page.getByText('Choose photos').tap();
    await (await again).setFiles([]);
    await expect(page.getByLabel('Choose photos')).toBeFocused();
    expect((await outlineOf(page, 'label:has(input[multiple])')).style).toBe('none');
  });

  test('photos can be picked, sent, and more added with the keyboard alone', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 3 });
    await openSession(page, id);
    await expect(heading(page, 'Send your photos')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Choose photos')).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(smallJpeg('keyboard.jpg'));
    await expect(heading(page, '1 photo sent')).toBeVisible();
    await expect(heading(page, '1 photo sent')).toBeFocused();

    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Add more' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('2 of 3 photos left')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Take photo')).toBeFocused();
    const camera = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await camera).setFiles(smallJpeg('keyboard-2.jpg', { seed: 2 }));
    await expect(heading(page, '2 photos sent')).toBeVisible();
    expect((await api.waitForImages(id, 2)).map((image) => image.filename).sort()).toEqual(['keyboard-2.jpg', 'keyboard.jpg']);
  });

  test('the password is typed and sent with Enter; "Copy details" works with the keyboard', async ({ page, api, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const id = await api.createSession({ password: 'tab-and-enter' });
    await openSession(page, id);
    await expect(heading(page, 'Password required')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await page.keyboard.type('tab-and-enter');
    await page.keyboard.press('Enter');
    await expect(heading(page, 'Send your photos')).toBeFocused();

    await openSession(page, randomUUID());
    await expect(heading(page, 'Session not found')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Details copied')).toBeVisible();
  });
});
