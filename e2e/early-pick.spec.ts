import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { hydrationMessages } from './support/hydration';
import { smallJpeg } from './support/test-photos';
import { expect, test } from './support/test';

/**
 * A pick made on the painted page before its main script runs (issue 16): the boot script (src/boot/) keeps it,
 * says so at once, and hands it to the upload queue when React takes over. The main bundle is held back here until
 * the test lets it go, so "before" is certain rather than a matter of speed.
 */

const MAIN_BUNDLE = /\/assets\/main-[\w-]+\.js$/;
const BOOT_SCRIPT = /\/assets\/boot-[\w-]+\.js$/;

/** Holds every request for the main bundle (or whatever `script` matches) until `release()`. */
async function holdMainBundle(page: Page, script: RegExp = MAIN_BUNDLE): Promise<{ release(): void }> {
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(script, async (route) => {
    await held;
    await route.continue();
  });
  return { release: () => release() };
}

/** The boot script (when the page has one) is listening: it runs before the main bundle, which is held. */
const bootListening = () => 'qrdropBoot' in window || document.querySelector('script[src*="/boot"]') === null;
const reactStarted = () => {
  const root = document.getElementById('root');
  return root !== null && Object.keys(root).some((key) => key.startsWith('__reactContainer$'));
};

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

test('photos picked before the page script runs are received at once and stored exactly once; a later pick works as before', async ({ page, api }) => {
  const id = await api.createSession({ max_images: 10 });
  const hydration = hydrationMessages(page);
  const bundle = await holdMainBundle(page);

  await page.goto(`/u/${id}`, { waitUntil: 'commit' });
  await expect(page.getByLabel('Choose photos')).toBeAttached();
  await page.waitForFunction(bootListening);
  await page.getByLabel('Choose photos').setInputFiles([smallJpeg('one.jpg', { seed: 1 }), smallJpeg('two.jpg', { seed: 2 })]);
  await page.getByLabel('Take photo').setInputFiles(smallJpeg('three.jpg', { seed: 3 }));
  await expect(page.getByRole('status').filter({ hasText: '3 photos received' })).toBeVisible();
  expect(await page.evaluate(reactStarted), 'the main bundle is still held back').toBe(false);
  await expectNoAxeViolations(page, 'painted, photos kept by the boot script');

  bundle.release();
  await expect(heading(page, '3 photos sent')).toBeVisible();
  const received = await api.waitForImages(id, 3);
  expect(received.map((image) => `${image.filename} ${image.source}`).sort()).toEqual(['one.jpg gallery', 'three.jpg camera', 'two.jpg gallery']);
  await expect(page.getByText('3 photos received')).toHaveCount(0);

  // After hydration, the page's own pick: nothing from before comes again.
  await page.getByRole('button', { name: 'Add more' }).click();
  await page.getByLabel('Choose photos').setInputFiles(smallJpeg('four.jpg', { seed: 4 }));
  await expect(heading(page, '4 photos sent')).toBeVisible();
  const all = await api.waitForImages(id, 4);
  expect(all.map((image) => image.filename).sort()).toEqual(['four.jpg', 'one.jpg', 'three.jpg', 'two.jpg']);
  expect(hydration).toEqual([]);
});

test('photos picked on the first paint, before any script of the page has arrived, are kept and stored exactly once', async ({ page, api }) => {
  const id = await api.createSession({ max_images: 10 });
  const hydration = hydrationMessages(page);
  const boot = await holdMainBundle(page, BOOT_SCRIPT);
  const bundle = await holdMainBundle(page);

  await page.goto(`/u/${id}`, { waitUntil: 'commit' });
  await expect(page.getByLabel('Choose photos')).toBeAttached();
  await page.getByLabel('Choose photos').setInputFiles([smallJpeg('one.jpg', { seed: 1 }), smallJpeg('two.jpg', { seed: 2 })]);
  expect(await page.evaluate(() => 'qrdropBoot' in window), 'the boot script is still held back').toBe(false);

  // The boot script arrives: it takes what the input holds and says so, before React.
  boot.release();
  await expect(page.getByRole('status').filter({ hasText: '2 photos received' })).toBeVisible();
  expect(await page.evaluate(reactStarted), 'the main bundle is still held back').toBe(false);

  bundle.release();
  await expect(heading(page, '2 photos sent')).toBeVisible();
  const received = await api.waitForImages(id, 2);
  expect(received.map((image) => `${image.filename} ${image.source}`).sort()).toEqual(['one.jpg gallery', 'two.jpg gallery']);
  expect(hydration).toEqual([]);
});
