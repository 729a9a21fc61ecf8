import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { serveStaticShell } from './support/static-shell';
import { smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';

/**
 * One screen per session state, with API.md's words, reached through the real server: the page reads the
 * session the integrator made, and says plainly what is going on. Every problem screen offers "Copy details".
 */

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const sessionReads = (page: Page, id: string) => {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith(`/api/v1/upload/${id}/session`)) seen.push(request.url());
  });
  return seen;
};

test.describe('session screens', () => {
  test('a malformed link says "Invalid link" without asking the server anything', async ({ page }) => {
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
    });
    await page.goto('/u/1234-not-a-session');
    await expect(heading(page, 'Invalid link')).toBeVisible();
    await expect(page.getByText('This link is incomplete or mistyped.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    await expectNoAxeViolations(page, 'invalid link');
    expect(apiCalls).toEqual([]);
  });

  test('an unknown session says "Session not found", asks once, and copies what support needs', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const id = randomUUID();
    const reads = sessionReads(page, id);
    await openSession(page, id);
    await expect(heading(page, 'Session not found')).toBeVisible();
    await expect(page.getByText('There is no upload session at this address.')).toBeVisible();
    // 404 is final: no retry, no "Tap to retry".
    await expect(page.getByRole('button', { name: 'Tap to retry' })).toHaveCount(0);
    expect(reads).toHaveLength(1);

    await page.getByRole('button', { name: 'Copy details' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Details copied' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Problem: Session not found');
    expect(copied).toContain(`Session: ${id}`);
    expect(copied).toContain('HTTP status: 404');
    expect(copied).toContain('Server message: Session not found.');
    expect(copied).toMatch(/Request id: \S+/);
    expect(copied).toMatch(/Time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    await expectNoAxeViolations(page, 'not found');
  });

  test('a session whose expiry has passed says "Session expired"', async ({ page, api }) => {
    const id = await api.createSession({ expires_at: new Date(Date.now() + 1_500).toISOString() });
    await expect.poll(async () => (await api.pageSession(id)).status).toBe('expired');
    await openSession(page, id);
    await expect(heading(page, 'Session expired')).toBeVisible();
    await expect(page.getByText('This session no longer accepts photos. Ask for a new QR code.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Choose photos' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'expired');
  });

  test('an open page switches to "Session expired" when the countdown reaches the expiry', async ({ page, api }) => {
    const id = await api.createSession({ expires_at: new Date(Date.now() + 30 * 60_000).toISOString() });
    // The page's clock runs normally from now on, and can be moved forward the way a phone left on a table would be.
    await page.clock.install();
    await openSession(page, id);
    await expect(heading(page, 'Send your photos')).toBeVisible();
    await expect(page.getByText(/^Time left: (29|30) min$/)).toBeVisible();

    await page.clock.fastForward('20:00');
    await expect(page.getByText(/^Time left: (9|10) min$/)).toBeVisible();
    await expect(heading(page, 'Send your photos')).toBeVisible();

    await page.clock.fastForward('10:05');
    await expect(heading(page, 'Session expired')).toBeVisible();
    await expect(page.getByLabel('Choose photos')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
  });

  test('a server in trouble while the session is read: "Connection problem, retrying…", then "Tap to retry", which loads it', async ({ page, api }) => {
    const id = await api.createSession();
    // The server renders a session it can read into the page, which then reads nothing: here it could not, so
    // the page gets the static shell and reads the session itself (server/page/render-session-page.ts).
    await serveStaticShell(page, id);
    let serverDown = true;
    await page.route(/\/session$/, (route) =>
      serverDown ? route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' }) : route.continue(),
    );
    const reads = sessionReads(page, id);
    // Retry waits are timers: the page's clock is moved on instead of waiting for them.
    await page.clock.install();
    await openSession(page, id);
    await expect(page.getByRole('status').filter({ hasText: 'Connection problem, retrying…' })).toBeAttached();
    await expect(async () => {
      await page.clock.fastForward(5_000);
      await expect(heading(page, 'Connection problem')).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByText('The server could not be reached.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    // The first read and three retries (src/lib/limits.ts REQUEST_RETRY).
    expect(reads).toHaveLength(4);

    serverDown = false;
    await page.getByRole('button', { name: 'Tap to retry' }).click();
    await expect(heading(page, 'Send your photos')).toBeVisible();
  });

  test('a completed session says "Session already completed"', async ({ page, api }) => {
    const id = await api.createSession();
    await api.completeSession(id);
    await openSession(page, id);
    await expect(heading(page, 'Session already completed')).toBeVisible();
    await expect(page.getByText('This session has been closed and takes no more photos.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    await expectNoAxeViolations(page, 'completed');
  });

  test('a session that has all its photos says "Session full"', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 1 });
    await api.uploadDirect(id, smallJpeg('earlier.jpg'));
    await openSession(page, id);
    await expect(heading(page, 'Session full')).toBeVisible();
    await expect(page.getByText('This session has received all the photos it allows (1).')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy details' })).toBeVisible();
    await expect(page.getByLabel('Choose photos')).toHaveCount(0);
    await expectNoAxeViolations(page, 'full');
  });

  test('the ready screen shows what is left, the time left, and pickers for the allowed types', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 10, allowed_mime_types: ['image/jpeg', 'image/png'], label: 'Claim 4411 photos' });
    await api.uploadDirect(id, smallJpeg('earlier.jpg'));
    await openSession(page, id);
    await expect(heading(page, 'Claim 4411 photos')).toBeVisible();
    await expect(page).toHaveTitle('Claim 4411 photos');
    await expect(page.getByText('9 of 10 photos left')).toBeVisible();
    await expect(page.getByText(/^Time left: (59|60) min$/)).toBeVisible();
    await expect(page.getByText('JPEG or PNG, up to 20 MB each')).toBeVisible();
    await expect(page.getByText('Large photos are made smaller automatically.')).toBeVisible();

    // Phones: "Take photo" opens the back camera, "Choose photos" takes several and offers the gallery.
    const camera = page.getByLabel('Take photo');
    const gallery = page.getByLabel('Choose photos');
    await expect(camera).toHaveAttribute('capture', 'environment');
    await expect(camera).not.toHaveAttribute('multiple', /.*/);
    await expect(gallery).toHaveAttribute('multiple', '');
    await expect(gallery).not.toHaveAttribute('capture', /.*/);
    // JPEG, PNG, WebP and HEIC are converted to what the session takes (JPEG or PNG here): all offered, HEIC by name
    // (else iOS hands over JPEG copies of HEIC photos and Android pickers may grey them out).
    for (const input of [camera, gallery]) {
      const accept = ((await input.getAttribute('accept')) ?? '').split(',');
      expect(accept).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', '.heic', '.heif']));
    }
    // Big touch targets (WCAG 2.5.5 wants 44 px).
    for (const button of [page.locator('label', { has: camera }), page.locator('label', { has: gallery })]) {
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    }
    await expectNoAxeViolations(page, 'ready');
  });

  test('a password-protected session asks for it, says when it is wrong, and keeps the right one for the tab', async ({ page, api }) => {
    const id = await api.createSession({ password: 'blue-heron-42', max_images: 3 });
    await openSession(page, id);
    await expect(heading(page, 'Password required')).toBeVisible();
    await expectNoAxeViolations(page, 'password');

    const field = page.getByLabel('Password', { exact: true });
    await field.fill('red-heron-42');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong password');
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'wrong password');

    await field.fill('blue-heron-42');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(heading(page, 'Send your photos')).toBeVisible();
    await expect(page.getByText('3 of 3 photos left')).toBeVisible();

    await page.reload();
    await expect(heading(page, 'Send your photos')).toBeVisible();
    await expect(heading(page, 'Password required')).toHaveCount(0);

    // Kept for this tab only: another tab asks again.
    const otherTab = await page.context().newPage();
    await openSession(otherTab, id);
    await expect(heading(otherTab, 'Password required')).toBeVisible();
    await otherTab.close();

    // The kept password goes with the upload.
    await page.getByLabel('Choose photos').setInputFiles(smallJpeg('locked.jpg'));
    await expect(heading(page, '1 photo sent')).toBeVisible();
    expect((await api.waitForImages(id, 1)).map((image) => image.filename)).toEqual(['locked.jpg']);
  });

  test('password guessing is slowed down: after ten wrong tries the server says wait, and the page says so', async ({ page, api }) => {
    const id = await api.createSession({ password: 'slow-down-1' });
    await openSession(page, id);
    const field = page.getByLabel('Password', { exact: true });
    const alert = page.getByRole('alert');
    const answered = () => page.waitForResponse((response) => response.url().endsWith('/verify-password'));
    for (let attempt = 1; attempt <= 10; attempt++) {
      await field.fill(`guess-${attempt}`);
      const answer = answered();
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await answer).status()).toBe(200);
      await expect(alert).toContainText('Wrong password');
    }
    await field.fill('slow-down-1');
    const limited = answered();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect((await limited).status()).toBe(429);
    await expect(alert).toContainText('Too many attempts. Wait a moment, then try again.');
    await expect(heading(page, 'Password required')).toBeVisible();
  });

  test('when everything went through: "N photos sent", "Add more" while slots remain', async ({ page, api }) => {
    const id = await api.createSession({ max_images: 3 });
    await openSession(page, id);
    await page.getByLabel('Choose photos').setInputFiles([smallJpeg('one.jpg', { seed: 1 }), smallJpeg('two.jpg', { seed: 2 })]);
    await expect(heading(page, '2 photos sent')).toBeVisible();
    await expect(page.getByText('You can close this page.')).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'one.jpg' })).toContainText('Sent');
    await expect(page.getByRole('listitem').filter({ hasText: 'two.jpg' })).toContainText('Sent');
    await expectNoAxeViolations(page, 'all done');

    await page.getByRole('button', { name: 'Add more' }).click();
    await expect(page.getByText('1 of 3 photos left')).toBeVisible();
    await page.getByLabel('Take photo').setInputFiles(smallJpeg('three.jpg', { seed: 3 }));
    await expect(heading(page, '3 photos sent')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add more' })).toHaveCount(0);

    const received = await api.waitForImages(id, 3);
    expect(received.map((image) => `${image.filename} ${image.source}`).sort()).toEqual(['one.jpg gallery', 'three.jpg camera', 'two.jpg gallery']);
  });
});
