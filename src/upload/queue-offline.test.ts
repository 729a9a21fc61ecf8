import { describe, expect, it } from 'vitest';
import { UPLOAD_QUEUE } from './queue-limits';
import { createTestQueue, photo } from '../test/queue-harness';
import { createScriptedOnline } from '../test/scripted-online';
import { flush } from '../test/scripted-transport';

function offlineQueue(initiallyOnline = true) {
  const network = createScriptedOnline(initiallyOnline);
  return { ...createTestQueue({ online: network.status }), network };
}

describe('upload queue: offline', () => {
  it('pauses when the browser goes offline, spending no attempt, and resumes on "online" with the same keys', async () => {
    const t = offlineQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'camera');
    await flush();
    const [first, second] = t.calls;
    first?.progress(500, 1000);
    t.network.goOffline();
    // What was on its way is dead anyway: aborted, back in line, nothing counted against it.
    expect(first?.signal.aborted).toBe(true);
    expect(second?.signal.aborted).toBe(true);
    expect(t.queue.getSnapshot().phase).toBe('offline');
    expect(t.queue.getSnapshot().items.map((item) => [item.status, item.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
      ['queued', 0],
    ]);
    await flush();
    t.advance(UPLOAD_QUEUE.backoffCapMs * 10);
    await flush();
    expect(t.pending()).toHaveLength(0);

    t.network.goOnline();
    await flush();
    expect(t.queue.getSnapshot().phase).toBe('running');
    expect(t.pending().map((call) => call.idempotencyKey)).toEqual([first?.idempotencyKey, second?.idempotencyKey]);
    for (const call of t.pending()) call.respond(201, { id: `img-${call.idempotencyKey}` });
    await flush();
    t.pending()[0]?.respond(201, { id: 'img-c' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 3 });
  });

  it('a network error seen before the "offline" event is not counted either', async () => {
    const t = offlineQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    // The browser knows it is offline (navigator.onLine) but has not dispatched the event yet.
    t.network.goOfflineQuietly();
    t.calls[0]?.dropConnection(0);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'queued', attempts: 0 });
    expect(t.queue.getSnapshot().phase).toBe('offline');
    t.advance(UPLOAD_QUEUE.backoffCapMs);
    await flush();
    expect(t.calls).toHaveLength(1);
  });

  it('photos picked while offline are prepared and wait; nothing is sent until back online', async () => {
    const t = offlineQueue(false);
    expect(t.queue.getSnapshot().phase).toBe('idle');
    t.queue.add([photo('a.jpg')], 'gallery');
    await flush();
    expect(t.item('a.jpg').status).toBe('queued');
    expect(t.queue.getSnapshot().phase).toBe('offline');
    expect(t.calls).toHaveLength(0);
    t.network.goOnline();
    await flush();
    expect(t.item('a.jpg').status).toBe('uploading');
  });

  it('coming back online retries at once what waited for a backoff or had given up', async () => {
    const t = offlineQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    for (let attempt = 1; attempt <= UPLOAD_QUEUE.maxAttempts; attempt += 1) {
      await flush();
      t.pending()[0]?.dropConnection(0);
      await flush();
      t.advance(UPLOAD_QUEUE.backoffCapMs / 2);
    }
    expect(t.item('a.jpg')).toMatchObject({ status: 'failed', message: { key: 'error.connection' } });
    t.queue.add([photo('b.jpg')], 'camera');
    await flush();
    t.pending()[0]?.dropConnection(0);
    await flush();
    expect(t.item('b.jpg').status).toBe('retry-wait');
    t.network.goOffline();
    expect(t.queue.getSnapshot().phase).toBe('offline');
    t.network.goOnline();
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', attempts: 0 });
    expect(t.item('b.jpg')).toMatchObject({ status: 'uploading', attempts: 0 });
  });

  it('stops listening to the browser when disposed', () => {
    const t = offlineQueue();
    expect(t.network.listenerCount()).toBe(1);
    t.queue.dispose();
    expect(t.network.listenerCount()).toBe(0);
  });
});

describe('upload queue: resume() when the page is visible again', () => {
  it('tries again now what waited for a backoff or gave up while the phone slept', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(503, 'Service Unavailable', { 'content-type': 'text/plain' });
    await flush();
    expect(t.item('a.jpg').status).toBe('retry-wait');
    t.queue.resume();
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', attempts: 0 });
    expect(t.calls[1]?.idempotencyKey).toBe(t.calls[0]?.idempotencyKey);
    // The backoff timer of the earlier wait does not start a second upload.
    t.advance(UPLOAD_QUEUE.backoffBaseMs * 2);
    await flush();
    expect(t.pending()).toHaveLength(1);
  });

  it('leaves a rate-limit pause alone until its time', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(429, {}, { 'retry-after': '20' });
    await flush();
    t.queue.resume();
    await flush();
    expect(t.queue.getSnapshot().phase).toBe('rate-limited');
    expect(t.pending()).toHaveLength(0);
  });
});
