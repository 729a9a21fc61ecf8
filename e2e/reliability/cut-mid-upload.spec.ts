import { createSession, expectExactlyOnce, keptInBrowser, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, bigPhoto } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

test('one 5 MB upload whose connection is cut mid-way 10 times arrives once, byte for byte', async ({ page, server, relay }) => {
  test.setTimeout(120_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photo = bigPhoto();
  expect(photo.bytes.length).toBeGreaterThan(5_000_000);
  // Ten cuts (RST), each further into the body than the last, every one before its end.
  const thresholds = Array.from({ length: 10 }, (_, index) => 300_000 + index * 450_000);
  expect(Math.max(...thresholds)).toBeLessThan(photo.bytes.length);
  relay.cutAfter(thresholds);

  await page.goto(`${relay.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles([photo]));
  const done = await waitUntilPageIsDone(page);

  expect(relay.cuts).toEqual(thresholds);
  await expectExactlyOnce('cut mid-upload 10 times (5 MB)', server.url, RELIABILITY_API_KEY, sessionId, [photo]);
  expect(done).toBe(true);
  // Confirmed: the copy kept for a reload is gone.
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
