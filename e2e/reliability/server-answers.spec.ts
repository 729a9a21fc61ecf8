import type { Route } from '@playwright/test';
import { createSession, expectExactlyOnce, keptInBrowser, waitUntilPageIsDone } from '../support/reliability-check';
import { expect, test } from '../support/reliability-fixtures';
import { asFiles, photoSet } from '../support/reliability-photos';
import { RELIABILITY_API_KEY } from '../support/reliability-server';

const UPLOADS = '**/api/v1/upload/*/images';
const keyOf = (route: Route) => route.request().headers()['idempotency-key'] ?? '';
const envelope = (statusCode: number, error: string, message: string) => JSON.stringify({ statusCode, error, message });

test('500, then 503, then through: each photo arrives once, every attempt with its one key', async ({ page, server }) => {
  test.setTimeout(90_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(3, 'errors');
  const answers = new Map<string, number[]>();
  await page.route(UPLOADS, async (route) => {
    const seen = answers.get(keyOf(route)) ?? [];
    answers.set(keyOf(route), seen);
    if (seen.length === 0) {
      seen.push(500);
      return route.fulfill({ status: 500, contentType: 'application/json', body: envelope(500, 'Internal Server Error', 'Something went wrong.') });
    }
    if (seen.length === 1) {
      seen.push(503);
      // A gateway's page, not the API's envelope: the status decides.
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<html><body><h1>503 Service Unavailable</h1></body></html>' });
    }
    const response = await route.fetch();
    seen.push(response.status());
    return route.fulfill({ response });
  });

  await page.goto(`${server.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  const done = await waitUntilPageIsDone(page);

  await expectExactlyOnce('500 then 503 then success', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  expect([...answers.values()]).toEqual([
    [500, 503, 201],
    [500, 503, 201],
    [500, 503, 201],
  ]);
});

test('429 with Retry-After: 3 pauses the whole queue with a countdown, then it resumes by itself', async ({ page, server }) => {
  test.setTimeout(90_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(3, 'limited');
  // A rate limiter in front of the server: the first upload opens a 3 s window in which every upload gets 429.
  let windowEnds: number | undefined;
  let refused = 0;
  await page.route(UPLOADS, async (route) => {
    windowEnds ??= Date.now() + 3_000;
    if (Date.now() < windowEnds) {
      refused += 1;
      return route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'retry-after': '3', 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(windowEnds / 1000)) },
        body: envelope(429, 'Too Many Requests', 'Too many uploads for this session; try again in 3 seconds.'),
      });
    }
    return route.fallback();
  });

  await page.goto(`${server.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  await expect(page.getByRole('status').filter({ hasText: 'Too many uploads. Sending will resume by itself.' })).toBeVisible();
  await expect(page.getByText(/^Resuming in /)).toBeVisible();
  const done = await waitUntilPageIsDone(page);

  await expectExactlyOnce('429 with Retry-After: 3', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  // Only uploads already on their way when the first 429 came (2 at a time) can meet the window:
  // a page that did not wait would have been refused again and again.
  expect(refused).toBeGreaterThanOrEqual(1);
  expect(refused).toBeLessThanOrEqual(2);
});

test('the answer is lost after the server stored the photo: the retry is answered from the first upload, nothing stored twice', async ({ page, server }) => {
  test.setTimeout(90_000);
  const sessionId = await createSession(server.url, RELIABILITY_API_KEY);
  const photos = photoSet(2, 'lost-answer');
  const attempts = new Map<string, Array<{ status: number; id: string; replayed: boolean }>>();
  await page.route(UPLOADS, async (route) => {
    const seen = attempts.get(keyOf(route)) ?? [];
    attempts.set(keyOf(route), seen);
    // The request really reaches the server, which stores the photo and answers 201...
    const response = await route.fetch();
    const body: unknown = await response.json();
    const id = typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string' ? body.id : '';
    seen.push({ status: response.status(), id, replayed: response.headers()['idempotent-replayed'] === 'true' });
    // ...and the first answer never reaches the phone: the connection drops.
    if (seen.length === 1) return route.abort('connectionreset');
    return route.fulfill({ response });
  });

  await page.goto(`${server.url}/u/${sessionId}`);
  await page.getByLabel('Choose photos').setInputFiles(asFiles(photos));
  const done = await waitUntilPageIsDone(page);

  await expectExactlyOnce('response dropped after the server stored the file', server.url, RELIABILITY_API_KEY, sessionId, photos);
  expect(done).toBe(true);
  for (const [first, retry, ...more] of attempts.values()) {
    expect(more).toEqual([]);
    expect(first).toMatchObject({ status: 201, replayed: false });
    expect(retry).toEqual({ status: 201, id: first?.id, replayed: true });
  }
  expect(await keptInBrowser(page, sessionId)).toEqual([]);
});
