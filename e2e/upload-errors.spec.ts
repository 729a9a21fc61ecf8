import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { smallJpeg, smallPng } from './support/test-photos';
import { expect, openSession, test } from './support/test';
import { answerUploads, envelope } from './support/upload-routes';
import { isolate } from '../src/i18n/isolate';

/**
 * API.md's error table, one status at a time, as a person sees it on the phone. The real server gives every
 * status it can be led to give (a session changed, completed, filled or expired behind the page's back);
 * a stand-in proxy (page.route) gives the others (403, 429 at a chosen moment, 5xx).
 */

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const item = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });
const statusLine = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

test.describe('upload errors', () => {
  test('400: a damaged photo is "Upload rejected" with the server’s reason; the others go on', async ({ page, api }) => {
    const id = await api.createSession();
    const whole = smallJpeg('whole.jpg', { seed: 7 });
    // Cut off in the middle of its picture data, as an interrupted copy would be: the browser still shows the
    // top of it, the server refuses it.
    const cut = smallJpeg('cut.jpg', { seed: 8 });
    cut.buffer = cut.buffer.subarray(0, Math.floor(cut.buffer.length * 0.6));
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles([cut, whole]);
    await expect(item(page, 'cut.jpg')).toContainText('Upload rejected');
    await expect(item(page, 'cut.jpg')).toContainText('The file is incomplete');
    await expect(item(page, 'cut.jpg').getByRole('button', { name: `Remove ${isolate('cut.jpg')}` })).toBeVisible();
    await expect(item(page, 'whole.jpg')).toContainText('Sent');
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['whole.jpg']);
    await expectNoAxeViolations(page, 'upload list with a refused file');
  });

  test('refusals from a proxy in front of qrdrop (HTML, problem+json, an errors list) are understood: the status decides', async ({ page, api }) => {
    const id = await api.createSession();
    const answers = [
      { status: 413, contentType: 'text/html', body: '<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>' },
      { status: 400, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Bad Request', detail: 'Malformed multipart body' }) },
      { status: 415, body: JSON.stringify({ errors: [{ message: 'Media type not allowed by gateway' }] }) },
    ];
    await answerUploads(page, (attempt) => answers[attempt - 1] ?? 'pass');
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles([1, 2, 3, 4].map((seed) => smallJpeg(`g${seed}.jpg`, { seed })));
    const list = page.getByRole('listitem');
    await expect(list.filter({ hasText: 'File too large' })).toHaveCount(1);
    await expect(list.filter({ hasText: 'Upload rejected' })).toContainText('Malformed multipart body');
    await expect(list.filter({ hasText: 'Unsupported file type' })).toContainText('Media type not allowed by gateway');
    await expect(list.filter({ has: page.getByText('Sent', { exact: true }) })).toHaveCount(1);
    // The HTML page's markup never reaches the screen.
    await expect(page.getByText('nginx')).toHaveCount(0);
    await expect(statusLine(page, '1 photo sent. 3 photos were refused.')).toBeAttached();
    await api.waitForImages(id, 1);
  });

  test('401: a password changed behind the page’s back asks for it again ("Wrong password"), then sends', async ({ page, api }) => {
    const id = await api.createSession({ password: 'first-pass' });
    await openSession(page, id);
    await page.getByLabel('Password', { exact: true }).fill('first-pass');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(heading(page, 'Send your photos')).toBeVisible();

    await api.updateSession(id, { password: 'second-pass' });
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('after-change.jpg'));
    await expect(heading(page, 'Password required')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Wrong password');
    await expectNoAxeViolations(page, 'password asked again');

    await page.getByLabel('Password', { exact: true }).fill('second-pass');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(heading(page, '1 photo sent')).toBeVisible();
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['after-change.jpg']);
  });

  test('403 from a gateway: "This link can\'t be used", and nothing is retried', async ({ page, api }) => {
    const id = await api.createSession();
    const gateway = await answerUploads(page, () => ({ status: 403, body: JSON.stringify({ error: { code: 'forbidden', message: 'Blocked by policy' } }) }));
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('blocked.jpg'));
    await expect(heading(page, "This link can't be used")).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    await expectNoAxeViolations(page, 'forbidden');
    expect(gateway.attempts()).toBe(1);
    expect(await api.images(id)).toEqual([]);
  });

  test('404: an upload to a session that does not exist shows "Session not found"', async ({ page, api }) => {
    const id = await api.createSession();
    // The upload goes to another, unknown session id: the real server answers 404.
    await page.route(/\/api\/v1\/upload\/[^/]+\/images$/, (route) => route.continue({ url: route.request().url().replace(id, randomUUID()) }));
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('lost.jpg'));
    await expect(heading(page, 'Session not found')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
  });

  test('409: a session completed while the page was open says "Session already completed" and keeps what got through', async ({ page, api, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const id = await api.createSession({ max_images: 5 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('first.jpg'));
    await expect(heading(page, '1 photo sent')).toBeVisible();
    await page.getByRole('button', { name: 'Add more' }).click();

    await api.completeSession(id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('too-late.jpg', { seed: 2 }));
    await expect(heading(page, 'Session already completed')).toBeVisible();
    await expect(page.getByText('1 photo was sent before this.')).toBeVisible();
    await expect(item(page, 'first.jpg')).toContainText('Sent');
    await expectNoAxeViolations(page, 'completed during upload');

    await page.getByRole('button', { name: 'Copy details' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('HTTP status: 409');
    expect(copied).toContain('Server message: This session is already completed.');
    expect(copied).toMatch(/Request id: \S+/);
    expect((await api.images(id)).map((image) => image.filename)).toEqual(['first.jpg']);
  });

  test('410: a session that expired on the server while the phone’s clock says otherwise: "Session expired"', async ({ page, api }) => {
    const id = await api.createSession({ expires_at: new Date(Date.now() + 3_000).toISOString() });
    // The phone's clock stands still, so only the server knows the session has expired.
    await page.clock.setFixedTime(Date.now());
    await openSession(page, id);
    await expect(heading(page, 'Send your photos')).toBeVisible();
    await expect.poll(async () => (await api.pageSession(id)).status, { timeout: 10_000 }).toBe('expired');
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('late.jpg'));
    await expect(heading(page, 'Session expired')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
  });

  test('413: a photo over the size limit set since the page opened is "File too large"; a small one still goes', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id);
    // The page has read the session (20 MB) before the limit changes.
    await expect(page.getByText('JPEG, PNG, WebP, or HEIC, up to 20 MB each.')).toBeVisible();
    await api.updateSession(id, { max_image_size_mb: 0.1 });
    await page.getByLabel('Choose photos').setInputFiles([
      smallJpeg('large.jpg', { width: 1600, height: 1200, quality: 95 }),
      smallJpeg('tiny.jpg', { width: 64, height: 48 }),
    ]);
    await expect(item(page, 'large.jpg')).toContainText('File too large');
    await expect(item(page, 'large.jpg')).toContainText('The file is larger than this session allows (0.1 MB).');
    await expect(item(page, 'tiny.jpg')).toContainText('Sent');
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['tiny.jpg']);
  });

  test('415: a type the session stopped taking is "Unsupported file type"; an allowed one still goes', async ({ page, api }) => {
    const id = await api.createSession();
    await openSession(page, id);
    await expect(page.getByText('JPEG, PNG, WebP, or HEIC, up to 20 MB each.')).toBeVisible();
    await api.updateSession(id, { allowed_mime_types: ['image/png'] });
    await page.getByLabel('Choose photos').setInputFiles([smallJpeg('photo.jpg'), smallPng('chart.png', 320, 240)]);
    await expect(item(page, 'photo.jpg')).toContainText('Unsupported file type');
    await expect(item(page, 'chart.png')).toContainText('Sent');
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['chart.png']);
  });

  test('422: a session filled from elsewhere while the page was open says "Session full"', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 1 });
    await openSession(page, id);
    await expect(page.getByText('1 of 1 photos left')).toBeVisible();
    await api.uploadDirect(id, smallJpeg('from-the-desk.jpg'));
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('mine.jpg', { seed: 3 }));
    await expect(heading(page, 'Session full')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    expect((await api.images(id)).map((image) => image.filename)).toEqual(['from-the-desk.jpg']);
  });

  test('429: "Too many uploads" with a countdown, then the queue resumes by itself', async ({ page, api }) => {
    const id = await api.createSession();
    const limiter = await answerUploads(page, (attempt) =>
      attempt === 1
        ? {
            status: 429,
            headers: { 'retry-after': '3', 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '0' },
            body: envelope(429, 'Too Many Requests', 'Too many requests. Try again in 3 s.'),
          }
        : 'pass',
    );
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('patient.jpg'));
    await expect(statusLine(page, 'Too many uploads. Sending will resume by itself.')).toBeAttached();
    await expect(page.getByText(/^Resuming in [1-3] sec$/)).toBeVisible();
    await expect(heading(page, '1 photo sent')).toBeVisible({ timeout: 15_000 });
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['patient.jpg']);
    expect(limiter.attempts()).toBe(2);
  });

  test('5xx: "Connection problem, retrying…", then "Tap to retry", which sends it once the server is back', async ({ page, api }) => {
    const id = await api.createSession();
    let serverDown = true;
    const proxy = await answerUploads(page, () =>
      serverDown ? { status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' } : 'pass',
    );
    // Backoff waits are real timers: the page's clock is moved on instead of waiting for them.
    await page.clock.install();
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('stubborn.jpg'));
    await expect(statusLine(page, 'Connection problem, retrying…')).toBeAttached();
    await expect(item(page, 'stubborn.jpg')).toContainText(/Connection problem, retrying in \d+ sec…/);

    const tapToRetry = page.getByRole('button', { name: 'Tap to retry' });
    await expect(async () => {
      await page.clock.fastForward(5_000);
      await expect(tapToRetry).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await expect(statusLine(page, '1 photo could not be sent.')).toBeAttached();
    expect(proxy.attempts()).toBe(5);
    await expectNoAxeViolations(page, 'tap to retry');

    serverDown = false;
    await tapToRetry.click();
    await expect(heading(page, '1 photo sent')).toBeVisible();
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['stubborn.jpg']);
    // Every attempt was the same upload: one Idempotency-Key, so a server that did store it keeps one copy.
    const keys = proxy.idempotencyKeys();
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{8,200}$/);
  });
});
