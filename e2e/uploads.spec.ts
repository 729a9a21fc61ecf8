import fs from 'node:fs';
import jpeg from 'jpeg-js';
import { makeHeic } from '../server/test/fixtures';
import { jpegInfo } from './support/jpeg-info';
import { bigPhotoPath, heicHeader, pdfNamedJpg, PHOTO_12MP, PHOTO_48MP, smallJpeg, smallPng } from './support/test-photos';
import { expect, openSession, test } from './support/test';
import { isolate } from '../src/i18n/isolate';

/**
 * Photos picked on an emulated phone arrive on the real server within the session's limits: checked on the
 * server side through the integrator API (what arrived, its type, size, pixel size, orientation, location).
 */

const MB = 1024 * 1024;
/** iOS Safari's canvas ceiling, which the page keeps to on every browser. */
const IOS_CANVAS_PIXELS = 16_777_216;

test.describe('uploads', () => {
  test('a 12 MP phone photo that fits is sent as taken: same pixels and orientation, location removed', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    const file = bigPhotoPath(PHOTO_12MP);
    const original = jpegInfo(fs.readFileSync(file));
    expect(original).toMatchObject({ width: 4032, height: 3024, orientation: 6, hasGps: true });

    await openSession(page, id);
    await page.getByLabel('Take photo').setInputFiles(file);
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 30_000 });

    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: PHOTO_12MP.file, mime_type: 'image/jpeg', source: 'camera' });
    const stored = await api.download(id, image?.id ?? '');
    const info = jpegInfo(stored);
    // Sent as is, minus the GPS block: pixels and the orientation tag untouched, so it still shows upright.
    expect(info).toMatchObject({ width: 4032, height: 3024, orientation: 6, hasGps: false });
    expect(info.shown.height).toBeGreaterThan(info.shown.width);
    expect(stored.length).toBeLessThanOrEqual(fs.statSync(file).size);
    expect(stored.length).toBeGreaterThan(fs.statSync(file).size - 1024);
  });

  test('a 12 MP photo in a session with a 1600 px limit is resized, still upright', async ({ page, api }) => {
    const id = await api.createSession({ max_image_dimension: 1600 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(bigPhotoPath(PHOTO_12MP));
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/^Reduced from .+ to .+$/)).toBeVisible();

    const [image] = await api.waitForImages(id, 1);
    const info = jpegInfo(await api.download(id, image?.id ?? ''));
    expect(Math.max(info.shown.width, info.shown.height)).toBeLessThanOrEqual(1600);
    expect(Math.max(info.shown.width, info.shown.height)).toBeGreaterThan(1400);
    expect(info.shown.height).toBeGreaterThan(info.shown.width);
    expect(info.hasGps).toBe(false);
  });

  test('a 48 MP photo over 20 MB is made smaller until it fits, and arrives upright without its location', async ({ page, api }) => {
    // Decoding and re-encoding 48 MP is the heaviest thing the page does (about 10 s here).
    test.setTimeout(180_000);
    const file = bigPhotoPath(PHOTO_48MP);
    const originalBytes = fs.statSync(file).size;
    expect(originalBytes).toBeGreaterThan(20 * MB);
    const id = await api.createSession();

    await openSession(page, id);
    await expect(page.getByText('JPEG, PNG, WebP, or HEIC, up to 20 MB each.')).toBeVisible();
    await page.getByLabel('Choose photos').setInputFiles(file);
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 150_000 });
    await expect(page.getByText(/^Reduced from 2\d(\.\d)? MB to \d+(\.\d)? MB$/)).toBeVisible();

    const [image] = await api.waitForImages(id, 1);
    expect(image?.mime_type).toBe('image/jpeg');
    expect(image?.size_bytes).toBeLessThanOrEqual(20 * MB);
    const stored = await api.download(id, image?.id ?? '');
    expect(stored.length).toBeLessThanOrEqual(20 * MB);
    const info = jpegInfo(stored);
    expect(info.hasGps).toBe(false);
    expect(info.width * info.height).toBeLessThanOrEqual(IOS_CANVAS_PIXELS);
    // Stored 8000 × 6000 with "turn a quarter" (6): whatever the page did, it must still show portrait, 3:4.
    expect(info.shown.height).toBeGreaterThan(info.shown.width);
    expect(info.shown.width / info.shown.height).toBeCloseTo(3 / 4, 2);
  });

  test('a PNG is converted to JPEG when the session takes only JPEG', async ({ page, api }) => {
    const id = await api.createSession({ allowed_mime_types: ['image/jpeg'] });
    await openSession(page, id);
    await expect(page.getByText('JPEG, up to 20 MB each.')).toBeVisible();
    await page.getByLabel('Choose photos').setInputFiles(smallPng('screenshot.png', 800, 600));
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible();

    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: 'screenshot.jpg', mime_type: 'image/jpeg' });
    const decoded = jpeg.decode(await api.download(id, image?.id ?? ''), { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([800, 600]);
  });

  test('a JPEG is converted to WebP when the session takes only WebP', async ({ page, api }) => {
    const id = await api.createSession({ allowed_mime_types: ['image/webp'] });
    await openSession(page, id);
    await page.getByLabel('Take photo').setInputFiles(smallJpeg('porch.jpg'));
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible();
    const [image] = await api.waitForImages(id, 1);
    expect(image).toMatchObject({ filename: 'porch.webp', mime_type: 'image/webp' });
    const bytes = await api.download(id, image?.id ?? '');
    expect([bytes.subarray(0, 4).toString('latin1'), bytes.subarray(8, 12).toString('latin1')]).toEqual(['RIFF', 'WEBP']);
  });

  test('a file that is not a photo is refused with its message while the others go through', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 5 });
    await openSession(page, id);
    await page
      .getByLabel('Choose photos')
      .setInputFiles([smallJpeg('beach.jpg', { seed: 5 }), pdfNamedJpg('invoice.jpg'), smallPng('drawing.png', 320, 240)]);

    const refused = page.getByRole('listitem').filter({ hasText: 'invoice.jpg' });
    await expect(refused).toContainText('Not sent');
    await expect(refused).toContainText('This file is not a photo');
    await expect(page.getByRole('listitem').filter({ hasText: 'beach.jpg' })).toContainText('Sent');
    await expect(page.getByRole('listitem').filter({ hasText: 'drawing.png' })).toContainText('Sent');
    await expect(page.getByRole('status').filter({ hasText: '2 photos sent. 1 photo was refused.' })).toBeAttached();
    expect((await api.waitForImages(id, 2)).map((image) => image.filename).sort()).toEqual(['beach.jpg', 'drawing.png']);

    // A refused file can be taken off the list; it is never sent.
    await refused.getByRole('button', { name: `Remove ${isolate('invoice.jpg')}` }).click();
    await expect(page.getByRole('listitem').filter({ hasText: 'invoice.jpg' })).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: '2 photos sent' })).toBeVisible();
    expect(await api.images(id)).toHaveLength(2);
  });

  test('more photos than free slots: the extra ones are listed with "Only N more photos fit"', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 2 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles([1, 2, 3].map((seed) => smallJpeg(`pic-${seed}.jpg`, { seed })));
    const extra = page.getByRole('listitem').filter({ hasText: 'pic-3.jpg' });
    await expect(extra).toContainText('Only 2 more photos fit');
    await expect(page.getByRole('listitem').filter({ hasText: 'pic-1.jpg' })).toContainText('Sent');
    await expect(page.getByRole('listitem').filter({ hasText: 'pic-2.jpg' })).toContainText('Sent');
    expect((await api.waitForImages(id, 2)).map((image) => image.filename).sort()).toEqual(['pic-1.jpg', 'pic-2.jpg']);
  });

  // A real HEIC that must be converted is converted in Chromium too (heic-conversion.spec.ts); one whose size cannot
  // even be read from its header gets the HEIC message.
  test('HEIC: sent untouched where the session takes it; one that must be converted but has no readable header is refused', async ({ page, api }) => {
    const takesHeic = await api.createSession({ allowed_mime_types: ['image/heic', 'image/jpeg'] });
    const heic = makeHeic(4032, 3024);
    await openSession(page, takesHeic);
    await expect(page.getByLabel('Choose photos')).toHaveAttribute('accept', /image\/heic/);
    // Phones often give HEIC files no type at all: the bytes decide.
    await page.getByLabel('Choose photos').setInputFiles({ name: 'IMG_0042.HEIC', mimeType: '', buffer: heic });
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible();
    const [image] = await api.waitForImages(takesHeic, 1);
    expect(image).toMatchObject({ mime_type: 'image/heic', size_bytes: heic.length });
    expect((await api.download(takesHeic, image?.id ?? '')).equals(heic)).toBe(true);

    const jpegOnly = await api.createSession({ allowed_mime_types: ['image/jpeg'] });
    await openSession(page, jpegOnly);
    await page.getByLabel('Choose photos').setInputFiles([heicHeader('IMG_0043.HEIC'), smallJpeg('IMG_0044.jpg')]);
    const refused = page.getByRole('listitem').filter({ hasText: 'IMG_0043.HEIC' });
    await expect(refused).toContainText('This browser cannot convert HEIC photos. Choose a JPEG, or set the camera to “Most Compatible”.');
    await expect(page.getByRole('listitem').filter({ hasText: 'IMG_0044.jpg' })).toContainText('Sent');
    expect((await api.waitForImages(jpegOnly, 1)).map((received) => received.filename)).toEqual(['IMG_0044.jpg']);
  });
});
