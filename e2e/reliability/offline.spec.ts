import { createSession, expectExactlyOnce, keptInBrowser, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

test('going offline mid-queue pauses with a message; back online, every photo arrives once', async ({ page, context, server, relay }) => {
  test.setTimeout(120_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(4, 'offline');
  // Slow enough that the queue is still sending when the network goes.
  relay.throttle = 250_000;

  await page.goto(`${relay.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  await expect(page.getByText(/^Sending… \d+/).first()).toBeVisible();

  await context.setOffline(true);
  const status = page.getByRole('status').filter({ hasText: "You're offline. Uploads will continue when you're back online." });
  await expect(status).toBeVisible();
  // Waiting, not failing: nothing is marked "Not sent" while offline, and no retry button is offered.
  await expect(page.getByText('Not sent')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Tap to retry' })).toHaveCount(0);

  await context.setOffline(false);
  const done = await waitUntilPageIsDone(page);
  await expectExactlyOnce('offline and back', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
