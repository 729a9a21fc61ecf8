import { describe, expect, it } from 'vitest';
import { UPLOAD_QUEUE } from './queue-limits';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';

const STALL = UPLOAD_QUEUE.stallTimeoutMs;

describe('upload queue: stalled uploads', () => {
  it(`aborts an upload that moved no byte for ${STALL / 1000} s and retries it with the same key`, async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.advance(STALL - 1);
    await flush();
    expect(t.calls[0]?.signal.aborted).toBe(false);
    t.advance(1);
    await flush();
    expect(t.calls[0]?.signal.aborted).toBe(true);
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 1, message: { key: 'error.connection' } });
    t.advance(UPLOAD_QUEUE.backoffBaseMs);
    await flush();
    expect(t.pending()).toHaveLength(1);
    expect(t.pending()[0]?.idempotencyKey).toBe(t.calls[0]?.idempotencyKey);
    t.pending()[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.item('a.jpg').status).toBe('done');
  });

  it('every byte that moves restarts the wait; a slow upload that keeps moving is never cut', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', 100_000)], 'camera');
    await flush();
    for (let step = 1; step <= 10; step += 1) {
      t.advance(STALL - 1);
      t.calls[0]?.progress(step * 10_000, 100_000);
    }
    await flush();
    expect(t.calls[0]?.signal.aborted).toBe(false);
    expect(t.item('a.jpg').status).toBe('uploading');
    // Progress that repeats the same count is no progress.
    t.calls[0]?.progress(100_000, 100_000);
    t.advance(STALL);
    await flush();
    expect(t.calls[0]?.signal.aborted).toBe(true);
  });

  it('a stall after bytes got through starts a fresh run of attempts; one with nothing sent counts', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', 100_000)], 'camera');
    await flush();
    t.calls[0]?.dropConnection(0);
    await flush();
    t.advance(UPLOAD_QUEUE.backoffCapMs / 2);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', attempts: 1 });
    t.advance(STALL);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 2 });
    t.advance(UPLOAD_QUEUE.backoffCapMs / 2);
    await flush();
    t.pending()[0]?.progress(40_000, 100_000);
    t.advance(STALL);
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'retry-wait', attempts: 1 });
  });

  it('waiting for the answer after the last byte counts too: a lost answer is asked for again', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', 1000)], 'camera');
    await flush();
    t.calls[0]?.progress(1000, 1000);
    t.advance(STALL);
    await flush();
    expect(t.calls[0]?.signal.aborted).toBe(true);
    expect(t.item('a.jpg').status).toBe('retry-wait');
  });

  it('an upload that ends normally leaves no stall timer behind', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.pendingTimers()).toBe(0);
  });
});
