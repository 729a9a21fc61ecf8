import { createSession, expectExactlyOnce, keptInBrowser, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

// The server would cut a stalled body itself after 30 s idle: here it waits 10 minutes, so only the
// page's own stall watch can end the stall within the test.
test.use({ serverEnv: { IDLE_TIMEOUT_MS: '600000' } });

test('an upload that makes no progress for 30 s is aborted and retried (page clock fast-forwarded)', async ({ page, server, relay }) => {
  test.setTimeout(90_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(1, 'stalled');
  // The connection goes silent 100 KB into the photo: no reset, no answer, nothing.
  relay.stallAfter([100_000]);
  const attempts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/images')) attempts.push(request.headers()['idempotency-key'] ?? '');
  });

  await page.clock.install();
  await page.goto(`${relay.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  await expect.poll(() => relay.stalls).toEqual([100_000]);
  // The relay stops reading at 100 KB, but the loopback sockets' buffers take the rest of this 0.45 MB photo:
  // the browser reports every byte sent a moment later, and the stall watch counts its 30 s from that last
  // progress. Moving the clock before it arrived would start the count late (the test then waited in vain).
  await expect(page.getByText('Sending… 100%')).toBeVisible();

  // Just short of the limit, the upload is still waited for...
  await page.clock.runFor(29_000);
  expect(attempts).toHaveLength(1);
  // ...at 30 s without a byte moving, it is aborted and waits for its backoff...
  await page.clock.runFor(1_000);
  await expect(page.getByText(/^Connection problem, retrying in /)).toBeVisible();
  // ...then goes again, with the same key, and gets through (the page's time is the test's: moved by hand).
  await page.clock.runFor(8_000);
  const done = await waitUntilPageIsDone(page);

  await expectExactlyOnce('upload stalled 30 s, aborted and retried', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  expect(attempts).toHaveLength(2);
  expect(new Set(attempts).size).toBe(1);
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
