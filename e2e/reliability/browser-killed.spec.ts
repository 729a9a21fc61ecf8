import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, devices } from '@playwright/test';
import { createSession, expectExactlyOnce, keptInBrowser, waitUntilMidQueue, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

// The phone the suite runs on, as a browser profile on disk (IndexedDB lives there, not in a context).
const { defaultBrowserType: _browser, ...pixel7 } = devices['Pixel 7'];

test('the tab is killed and the browser closed mid-queue; reopening the link resumes: every photo arrives once', async ({ playwright, server, relay }, testInfo) => {
  test.setTimeout(150_000);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-profile-'));
  const open = (): Promise<BrowserContext> =>
    playwright.chromium.launchPersistentContext(profile, { ...pixel7, ...testInfo.project.use.launchOptions, baseURL: relay.url });
  let context = await open();
  try {
    const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
    const photos = photoSet(6, 'killed');
    relay.throttle = 250_000;

    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`/u/${sessionId}`);
    await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
    const keptAtKill = await waitUntilMidQueue(page, server.url, RELIABILITY_API_KEY, sessionId, photos);

    // The renderer dies on the spot (no unload, no last write), then the whole browser goes.
    const crashed = page.waitForEvent('crash');
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    await context.close();

    context = await open();
    const reopened = context.pages()[0] ?? (await context.newPage());
    const sentAfter: string[] = [];
    reopened.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/images')) sentAfter.push(request.headers()['idempotency-key'] ?? '');
    });
    await reopened.goto(`/u/${sessionId}`);
    await expect(reopened.getByRole('region', { name: 'Your photos' }).getByRole('listitem').first()).toBeVisible();

    const done = await waitUntilPageIsDone(reopened);
    await expectExactlyOnce('tab killed, browser closed, link reopened', server.url, RELIABILITY_API_KEY, sessionId, photos);
    expect(done).toBe(true);
    expect(sentAfter.length).toBeGreaterThan(0);
    expect(sentAfter.filter((key) => !keptAtKill.has(key))).toEqual([]);
    expect(await keptInBrowser(reopened, sessionId)).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
