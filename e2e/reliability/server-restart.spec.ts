import { createSession, expectExactlyOnce, keptInBrowser, waitUntilMidQueue, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

test('the server is killed (SIGKILL) and restarted during uploads: every photo arrives once', async ({ page, server, relay }) => {
  test.setTimeout(120_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(6, 'restart');
  relay.throttle = 150_000;

  await page.goto(`${relay.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  // Some photos stored, the others on their way or waiting (and kept by the page).
  await waitUntilMidQueue(page, server.url, RELIABILITY_API_KEY, sessionId, photos);

  await server.kill();
  // The page meets the dead server and waits to try again: nothing is given up on.
  await expect(page.getByText(/^Connection problem, retrying in /).first()).toBeVisible();
  await server.start();
  relay.target = server.port;

  const done = await waitUntilPageIsDone(page);
  await expectExactlyOnce('server killed and restarted during uploads', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
