import { describe, expect, it } from 'vitest';
import { UPLOAD_QUEUE } from './queue-limits';
import { flush, type ScriptedCall } from '../test/scripted-transport';
import { createTestQueue, photo } from '../test/queue-harness';

const fileName = (call: ScriptedCall) => {
  const file = call.request.body.get('file');
  return file instanceof File ? file.name : undefined;
};

const serverError = { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong.' };

describe('upload queue: 429 pauses everything', () => {
  it('waits for Retry-After with a visible resume time, then resumes by itself', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'camera');
    await flush();
    const start = t.clock.now();
    t.calls[0]?.respond(429, { statusCode: 429, error: 'Too Many Requests', message: 'Slow down.' }, { 'retry-after': '3' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'rate-limited', resumeAt: start + 3000 });
    expect(t.item('a.jpg')).toMatchObject({ status: 'queued', attempts: 0 });
    // The other upload was already running: it finishes, but nothing new starts during the pause.
    t.calls[1]?.respond(201, { id: 'img-b' });
    await flush();
    expect(t.pending()).toHaveLength(0);
    t.advance(2999);
    await flush();
    expect(t.pending()).toHaveLength(0);
    t.advance(1);
    await flush();
    expect(t.queue.getSnapshot().phase).toBe('running');
    expect(t.queue.getSnapshot().resumeAt).toBeUndefined();
    expect(t.pending().map(fileName)).toEqual(['a.jpg', 'c.jpg']);
    expect(t.pending()[0]?.idempotencyKey).toBe(t.calls[0]?.idempotencyKey);
  });

  it('uses X-RateLimit-Reset (epoch seconds) when there is no Retry-After', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    const resetAt = Math.ceil(t.clock.now() / 1000) + 20;
    t.calls[0]?.respond(429, {}, { 'x-ratelimit-reset': String(resetAt) });
    await flush();
    expect(t.queue.getSnapshot().resumeAt).toBe(resetAt * 1000);
  });

  it('a second 429 during the pause only ever extends it', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await flush();
    const start = t.clock.now();
    t.calls[0]?.respond(429, {}, { 'retry-after': '10' });
    t.calls[1]?.respond(429, {}, { 'retry-after': '2' });
    await flush();
    expect(t.queue.getSnapshot().resumeAt).toBe(start + 10_000);
    t.advance(9_999);
    await flush();
    expect(t.pending()).toHaveLength(0);
    t.advance(1);
    await flush();
    expect(t.pending()).toHaveLength(2);
  });
});

describe('upload queue: network errors and 5xx', () => {
  it('retries with growing backoff, keeping the same Idempotency-Key, then succeeds', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(500, serverError);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 1, message: { key: 'error.connection', status: 500 } });
    expect(t.queue.getSnapshot().phase).toBe('running');
    // Jitter at its maximum (0.999): the first wait is just under 1 s, the second just under 2 s.
    expect(t.item('a.jpg').retryAt).toBe(t.clock.now() + 999);
    t.advance(998);
    await flush();
    expect(t.calls).toHaveLength(1);
    t.advance(1);
    await flush();
    expect(t.calls).toHaveLength(2);
    t.calls[1]?.dropConnection(0);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 2 });
    expect(t.item('a.jpg').retryAt).toBe(t.clock.now() + 1999);
    t.advance(1999);
    await flush();
    t.calls[2]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'done', attempts: 0, imageId: 'img-a' });
    expect(t.item('a.jpg').message).toBeUndefined();
    expect(new Set(t.calls.map((call) => call.idempotencyKey)).size).toBe(1);
  });

  it('gives up after the last attempt, offers "Tap to retry", and retry() succeeds with the same key', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await flush();
    t.calls[1]?.respond(201, { id: 'img-b' });
    for (let attempt = 1; attempt <= UPLOAD_QUEUE.maxAttempts; attempt += 1) {
      t.pending()[0]?.respond(503, 'Service Unavailable', { 'content-type': 'text/plain' });
      await flush();
      t.advance(UPLOAD_QUEUE.backoffCapMs);
      await flush();
    }
    expect(t.calls).toHaveLength(UPLOAD_QUEUE.maxAttempts + 1);
    expect(t.item('a.jpg')).toMatchObject({ status: 'failed', attempts: UPLOAD_QUEUE.maxAttempts, message: { key: 'error.connection' } });
    expect(t.queue.getSnapshot().phase).toBe('needs-retry');
    t.queue.retry();
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', attempts: 0 });
    t.pending()[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 2 });
    const keysOfA = t.calls.filter((call) => call.idempotencyKey !== t.calls[1]?.idempotencyKey).map((call) => call.idempotencyKey);
    expect(keysOfA).toHaveLength(UPLOAD_QUEUE.maxAttempts + 1);
    expect(new Set(keysOfA).size).toBe(1);
  });

  it('retry(itemId) re-queues just that file', async () => {
    const t = createTestQueue({ random: () => 0 });
    t.queue.add([photo('a.jpg')], 'camera');
    for (let attempt = 1; attempt <= UPLOAD_QUEUE.maxAttempts; attempt += 1) {
      await flush();
      t.pending()[0]?.dropConnection();
      await flush();
      t.advance(UPLOAD_QUEUE.backoffCapMs);
    }
    expect(t.item('a.jpg').status).toBe('failed');
    t.queue.retry('not-an-item');
    expect(t.item('a.jpg').status).toBe('failed');
    t.queue.retry(t.item('a.jpg').id);
    expect(t.item('a.jpg').status).toBe('uploading');
  });

  it('a file whose preparation failed on the connection (code not loaded) is prepared again by retry()', async () => {
    let loads = 0;
    const t = createTestQueue({
      prepare: async (file) => {
        loads += 1;
        return loads === 1 ? { ok: false, message: { key: 'error.connection' } } : { ok: true, blob: file, type: 'image/jpeg', name: file.name };
      },
    });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'failed', message: { key: 'error.connection' } });
    expect(t.queue.getSnapshot().phase).toBe('needs-retry');
    t.queue.retry();
    await flush();
    expect(loads).toBe(2);
    expect(t.item('a.jpg').status).toBe('uploading');
  });

  it('starts a fresh run of attempts when bytes got through before the connection dropped', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', 5_000_000)], 'camera');
    await flush();
    for (let drop = 1; drop <= UPLOAD_QUEUE.maxAttempts * 2; drop += 1) {
      t.pending()[0]?.progress(drop * 400_000, 5_000_200);
      t.pending()[0]?.dropConnection(drop * 400_000);
      await flush();
      expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 1, progress: 0 });
      t.advance(UPLOAD_QUEUE.backoffBaseMs);
      await flush();
    }
    t.pending()[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.item('a.jpg').status).toBe('done');
  });

  it('waits at least what a 503 Retry-After asks, even when the backoff would be shorter', async () => {
    const t = createTestQueue({ random: () => 0 });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(503, serverError, { 'retry-after': '5' });
    await flush();
    expect(t.item('a.jpg').retryAt).toBe(t.clock.now() + 5000);
  });

  it('treats a 2xx that is not the API answer (a captive portal page) as a connection problem', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(200, '<html><body>Log in to Hotel Wi-Fi</body></html>', { 'content-type': 'text/html' });
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', message: { key: 'error.connection', status: 200 } });
    expect(t.queue.getSnapshot().confirmedCount).toBe(0);
  });

  it('a transport that throws counts as a network error', async () => {
    const t = createTestQueue({
      transport: { send: () => Promise.reject(new TypeError('Failed to fetch')) },
    });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 1 });
  });
});
