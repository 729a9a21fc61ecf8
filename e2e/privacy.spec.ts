import type { BrowserContext, Request } from '@playwright/test';
import { jpegInfo } from './support/jpeg-info';
import { bigPhoto, bigPhotoPath, PHOTO_12MP, smallJpeg, smallPng } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * The page talks to qrdrop's origin and nothing else, and never tells anyone its own address (the session id in
 * it is the capability). The test guards (support/test.ts) check this on every test; here a whole session is
 * driven through every kind of work the page does, and every request is looked at.
 */

interface Seen {
  url: string;
  headers: Record<string, string>;
}

function recordRequests(context: BrowserContext): { seen: Seen[]; settled: () => Promise<void> } {
  const seen: Seen[] = [];
  const pending: Promise<void>[] = [];
  context.on('request', (request: Request) => {
    pending.push(
      request.allHeaders().then(
        (headers) => void seen.push({ url: request.url(), headers }),
        () => void seen.push({ url: request.url(), headers: {} }),
      ),
    );
  });
  return { seen, settled: async () => void (await Promise.all(pending)) };
}

test.describe('privacy', () => {
  test('a full session (photo as is, resized, converted) asks only qrdrop’s origin, and no request carries a Referer', async ({ page, api, context, baseURL }) => {
    const id = await api.createSession({ max_images: 5, max_image_dimension: 2000, allowed_mime_types: ['image/jpeg', 'image/webp'] });
    const requests = recordRequests(context);
    const response = await page.goto(`/u/${id}`);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');

    await page.getByLabel('Choose photos').setInputFiles([bigPhoto(PHOTO_12MP), smallJpeg('small.jpg'), smallPng('drawing.png')]);
    await expect(page.getByRole('heading', { level: 1, name: '3 photos sent' })).toBeVisible({ timeout: 30_000 });
    await api.waitForImages(id, 3);
    await requests.settled();

    const origin = new URL(baseURL ?? '').origin;
    const urls = requests.seen.map((request) => request.url).filter((url) => !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(urls.filter((url) => url.endsWith(`/api/v1/upload/${id}/images`))).toHaveLength(3);
    expect(urls.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    // blob: URLs (thumbnails, workers) never leave the browser; Chromium lists them with an empty Referer.
    const withReferer = requests.seen.filter((request) => !request.url.startsWith('blob:') && (request.headers.referer ?? '') !== '');
    expect(withReferer.map((request) => `${request.url} ← ${request.headers.referer}`)).toEqual([]);
  });

  test('on a browser without OffscreenCanvas the compression library runs from qrdrop’s own copy, and the photo comes out upright', async ({ page, api, context, baseURL }) => {
    // Older Safari: no OffscreenCanvas, so the page falls back to browser-image-compression and its worker.
    await page.addInitScript(() => {
      Reflect.deleteProperty(globalThis, 'OffscreenCanvas');
    });
    const id = await api.createSession({ max_image_dimension: 1600 });
    const requests = recordRequests(context);
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(bigPhotoPath(PHOTO_12MP));
    await expect(page.getByRole('heading', { level: 1, name: '1 photo sent' })).toBeVisible({ timeout: 60_000 });
    await requests.settled();

    const library = requests.seen.filter((request) => /browser-image-compression[^/]*\.js$/.test(request.url));
    expect(library.length).toBeGreaterThan(0);
    for (const request of library) expect(new URL(request.url).origin).toBe(new URL(baseURL ?? '').origin);

    const [image] = await api.waitForImages(id, 1);
    const info = jpegInfo(await api.download(id, image?.id ?? ''));
    expect(Math.max(info.shown.width, info.shown.height)).toBeLessThanOrEqual(1600);
    expect(info.shown.height).toBeGreaterThan(info.shown.width);
    expect(info.hasGps).toBe(false);
  });
});
