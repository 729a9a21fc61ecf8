import { createHash } from 'node:crypto';
import { expectNoAxeViolations } from './support/axe';
import { qualityJpeg } from './support/quality-photos';
import { expect, openSession, test } from './support/test';
import { isolate } from '../src/i18n/isolate';

/**
 * The quality hint in the real page (issue 17): the preparation worker measures each picked photo, a blurred one
 * gets "This photo looks blurry — retake?" in its row, a sharp one nothing; the hint holds up no upload, and Keep
 * dismisses it. What the server stored is checked byte for byte.
 */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test.describe('quality hint', () => {
  test('a blurred photo gets the hint and a sharp one none; Keep dismisses it, and both are stored', async ({ page, api }) => {
    const sharp = qualityJpeg('sharp.jpg', { kind: 'edges', seed: 5 });
    // σ 6 px at 1024 px: 3 px on the 512 px copy the page measures (24 px on a 12 MP photo).
    const blurred = qualityJpeg('blurred.jpg', { kind: 'edges', seed: 5, blurSigma: 6 });
    const id = await api.createSession({ max_images: 5 });

    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles([sharp, blurred]);

    const blurredRow = page.getByRole('listitem').filter({ hasText: 'blurred.jpg' });
    const sharpRow = page.getByRole('listitem').filter({ hasText: 'sharp.jpg' });
    await expect(blurredRow.getByText('This photo looks blurry — retake?')).toBeVisible({ timeout: 30_000 });
    // The hint never holds the photo back: both are sent while it shows.
    await expect(blurredRow.getByText('Sent')).toBeVisible({ timeout: 30_000 });
    await expect(sharpRow.getByText('Sent')).toBeVisible();
    await expect(sharpRow.getByText(/looks (blurry|too dark)/)).toHaveCount(0);
    await expect(page.getByText(/looks (blurry|too dark)/)).toHaveCount(1);
    await expect(blurredRow.locator('[aria-live="polite"]')).toHaveText('This photo looks blurry — retake?');
    await expectNoAxeViolations(page, 'quality hint');

    // Keyboard: Keep is reachable by Tab and says which photo it is about.
    const keep = blurredRow.getByRole('button', { name: `Keep ${isolate('blurred.jpg')}` });
    await expect(blurredRow.getByRole('button', { name: `Retake ${isolate('blurred.jpg')}` })).toBeVisible();
    await keep.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText(/looks (blurry|too dark)/)).toHaveCount(0);
    await expect(blurredRow.getByRole('button', { name: /^(Keep|Retake) / })).toHaveCount(0);

    const images = await api.waitForImages(id, 2);
    const stored = new Map<string, string>();
    for (const image of images) stored.set(image.filename, sha256(await api.download(id, image.id)));
    expect(stored).toEqual(
      new Map([
        ['sharp.jpg', sha256(sharp.buffer)],
        ['blurred.jpg', sha256(blurred.buffer)],
      ]),
    );
  });

  test('a dark photo gets "too dark"; Retake takes it out before it is sent and opens the camera for another', async ({ page, api }) => {
    const dark = qualityJpeg('dark.jpg', { kind: 'text', seed: 9, exposure: 0.12, noise: 1.5 });
    const retaken = qualityJpeg('retaken.jpg', { kind: 'text', seed: 9 });
    const id = await api.createSession({ max_images: 5 });
    // The dark photo's upload is held until the test lets it go, so Retake finds it still on its way.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`**/api/v1/upload/${id}/images`, async (route) => {
      if ((route.request().postDataBuffer() ?? Buffer.alloc(0)).includes('filename="dark.jpg"')) await held;
      await route.continue().catch(() => undefined);
    });

    await openSession(page, id);
    await page.getByLabel('Take photo').setInputFiles(dark);
    const darkRow = page.getByRole('listitem').filter({ hasText: 'dark.jpg' });
    await expect(darkRow.getByText('This photo looks too dark — retake?')).toBeVisible({ timeout: 30_000 });
    await expect(darkRow.getByText(/^Sending/)).toBeVisible();

    const chooser = page.waitForEvent('filechooser');
    await darkRow.getByRole('button', { name: `Retake ${isolate('dark.jpg')}` }).click();
    const camera = await chooser;
    expect(await camera.element().getAttribute('capture')).toBe('environment');
    await expect(page.getByRole('listitem').filter({ hasText: 'dark.jpg' })).toHaveCount(0);
    release();
    await camera.setFiles(retaken);

    await expect(page.getByRole('listitem').filter({ hasText: 'retaken.jpg' }).getByText('Sent')).toBeVisible({ timeout: 30_000 });
    const images = await api.waitForImages(id, 1);
    expect(images.map((image) => image.filename)).toEqual(['retaken.jpg']);
    expect(sha256(await api.download(id, images[0]?.id ?? ''))).toBe(sha256(retaken.buffer));
  });
});
