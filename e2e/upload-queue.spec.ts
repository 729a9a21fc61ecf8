import type { Route } from '@playwright/test';
import { smallJpeg } from './support/test-photos';
import { expect, openSession, test } from './support/test';
import { isolate } from '../src/i18n/isolate';

/** How the page sends: two uploads at a time, each photo with its own Idempotency-Key, progress per photo. */

test('two uploads at a time, each photo with its own Idempotency-Key, all of them arriving', async ({ page, api }) => {
  const id = await api.createSession({ max_images: 5 });
  const held: Route[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  await page.route(/\/api\/v1\/upload\/[^/]+\/images$/, (route) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    held.push(route);
  });
  const release = async (route: Route | undefined) => {
    inFlight -= 1;
    await route?.continue();
  };

  await openSession(page, id);
  await page.getByLabel('Choose photos').setInputFiles([1, 2, 3, 4].map((seed) => smallJpeg(`q${seed}.jpg`, { seed })));
  await expect.poll(() => held.length).toBe(2);
  await expect(page.getByRole('listitem').filter({ hasText: 'q3.jpg' })).toContainText('Waiting…');
  await expect(page.getByRole('listitem').filter({ hasText: 'q4.jpg' })).toContainText('Waiting…');
  await expect(page.getByRole('progressbar', { name: `Sending ${isolate('q1.jpg')}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Sending photos: 0 of 4 sent' })).toBeAttached();

  await release(held[0]);
  await expect.poll(() => held.length).toBe(3);
  await expect(page.getByRole('listitem').filter({ hasText: 'q1.jpg' })).toContainText('Sent');
  await expect(page.getByRole('status').filter({ hasText: 'Sending photos: 1 of 4 sent' })).toBeAttached();
  await release(held[1]);
  await expect.poll(() => held.length).toBe(4);
  await release(held[2]);
  await release(held[3]);
  await expect(page.getByRole('heading', { level: 1, name: '4 photos sent' })).toBeVisible();

  expect(mostInFlight).toBe(2);
  const keys = await Promise.all(held.map((route) => route.request().headerValue('idempotency-key')));
  expect(new Set(keys).size).toBe(4);
  expect((await api.waitForImages(id, 4)).map((image) => image.filename).sort()).toEqual(['q1.jpg', 'q2.jpg', 'q3.jpg', 'q4.jpg']);
});
