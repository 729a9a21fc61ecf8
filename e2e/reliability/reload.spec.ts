import { createSession, expectExactlyOnce, keptInBrowser, waitUntilMidQueue, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

test('a reload mid-queue resumes by itself: confirmed photos are not sent again, the others arrive once', async ({ page, server, relay }) => {
  test.setTimeout(120_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(6, 'reload');
  relay.throttle = 250_000;

  await page.goto(`${relay.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  const keptAtReload = await waitUntilMidQueue(page, server.url, RELIABILITY_API_KEY, sessionId, photos);

  const sentAfter: string[] = [];
  await page.reload();
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/images')) sentAfter.push(request.headers()['idempotency-key'] ?? '');
  });
  // Nothing picked again: the page finds its queue and goes on.
  await expect(page.getByRole('region', { name: 'Your photos' }).getByRole('listitem').first()).toBeVisible();

  const done = await waitUntilPageIsDone(page);
  await expectExactlyOnce('reload mid-queue', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  expect(sentAfter.length).toBeGreaterThan(0);
  expect(sentAfter.filter((key) => !keptAtReload.has(key))).toEqual([]);
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
