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

test('copies kept for a reload expire with their session: opening any link purges them, and nothing is sent', async ({ page, server }) => {
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  await page.goto(`${server.url}/u/${sessionId}`);
  await expect(page.getByRole('heading', { name: 'Send your photos' })).toBeVisible();
  // Left by an earlier page life: one for this session and one for another, both past their session's expiry.
  await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('qrdrop-uploads');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const transaction = db.transaction('uploads', 'readwrite');
    const bytes = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    const expired = Date.now() - 1_000;
    for (const [key, sessionId] of [
      ['expired-here', id],
      ['expired-elsewhere', '0f0e0d0c-0b0a-4908-8706-050403020100'],
    ]) {
      transaction.objectStore('uploads').put({
        key,
        sessionId,
        order: 1,
        source: 'camera',
        name: `${key}.jpg`,
        originalType: 'image/jpeg',
        originalSize: 4,
        expiresAt: expired,
        prepared: { blob: bytes, size: 4, sha256: '0'.repeat(64), type: 'image/jpeg', name: `${key}.jpg` },
      });
    }
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
  }, sessionId);

  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/images')) sent.push(request.url());
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Send your photos' })).toBeVisible();
  const keptCount = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open('qrdrop-uploads');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const count = request.result.transaction('uploads').objectStore('uploads').count();
            count.onsuccess = () => {
              resolve(count.result);
              request.result.close();
            };
          };
        }),
    );
  await expect.poll(keptCount).toBe(0);
  expect(sent).toEqual([]);
  await expect(page.getByRole('region', { name: 'Your photos' })).toHaveCount(0);
});
