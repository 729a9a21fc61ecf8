import { describe, expect, it } from 'vitest';
import { UPLOAD_QUEUE } from './queue-limits';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';

const INTERVAL = UPLOAD_QUEUE.progressIntervalMs;
const SIZE = 3_200_000;
/** WebKit reports every 8 KB sent: 400 events for a 3.2 MB photo, all within a few milliseconds. */
const CHUNK = 8_000;

describe('upload queue: progress on a clock', () => {
  it('turns a burst of 400 progress events into a bounded number of snapshots, the last byte shown at once', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', SIZE)], 'camera');
    await flush();
    let notifications = 0;
    t.queue.subscribe(() => (notifications += 1));
    for (let sent = CHUNK; sent <= SIZE; sent += CHUNK) t.calls[0]?.progress(sent, SIZE);
    // The first report and the last byte: never one snapshot per event (or per percent).
    expect(notifications).toBeLessThanOrEqual(3);
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', progress: 1 });
    t.advance(INTERVAL * 4);
    expect(notifications).toBeLessThanOrEqual(3);
    expect(t.pendingTimers()).toBe(1); // only the stall watch, waiting for the answer
  });

  it('shows progress in between at most once per interval, the latest value each time', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', SIZE)], 'camera');
    await flush();
    const seen: number[] = [];
    t.queue.subscribe(() => seen.push(t.item('a.jpg').progress));
    t.calls[0]?.progress(320_000, SIZE);
    expect(seen).toEqual([0.1]);
    for (let sent = 320_000 + CHUNK; sent <= 960_000; sent += CHUNK) t.calls[0]?.progress(sent, SIZE);
    expect(seen).toEqual([0.1]);
    t.advance(INTERVAL - 1);
    expect(seen).toEqual([0.1]);
    t.advance(1);
    expect(seen).toEqual([0.1, 0.3]);
    t.advance(INTERVAL * 10);
    expect(seen).toEqual([0.1, 0.3]);
  });

  it('never holds back a status change: the answer shows at once, with nothing left on the clock', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg', SIZE)], 'camera');
    await flush();
    t.calls[0]?.progress(320_000, SIZE);
    t.calls[0]?.progress(640_000, SIZE);
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'done', progress: 1 });
    expect(t.pendingTimers()).toBe(0);
  });
});
