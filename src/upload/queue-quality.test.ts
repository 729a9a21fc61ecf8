import { describe, expect, it, vi } from 'vitest';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';
import type { PhotoQuality } from './types';

/** A measure the test answers by hand, photo by photo. */
function manualMeasure() {
  const asked = new Map<string, (quality: PhotoQuality | undefined) => void>();
  const measure = vi.fn(
    (file: File) =>
      new Promise<PhotoQuality | undefined>((resolve) => {
        asked.set(file.name, resolve);
      }),
  );
  const answer = async (name: string, quality: PhotoQuality | undefined) => {
    asked.get(name)?.(quality);
    await flush();
  };
  return { measure, answer, asked: () => [...asked.keys()] };
}

describe('upload queue: the quality hint', () => {
  it('measures each photo once it is prepared, and the hint reaches its item while it keeps uploading', async () => {
    const manual = manualMeasure();
    const t = createTestQueue({ measure: manual.measure });
    const blurry = photo('blurry.jpg');
    t.queue.add([blurry, photo('sharp.jpg')], 'camera');
    expect(manual.asked()).toEqual([]);
    await flush();
    // The photo as picked is what is measured, and measuring holds up nothing: both are on their way.
    expect(manual.measure).toHaveBeenCalledWith(blurry);
    expect(manual.asked()).toEqual(['blurry.jpg', 'sharp.jpg']);
    expect(t.item('blurry.jpg').status).toBe('uploading');
    await manual.answer('blurry.jpg', 'blurry');
    await manual.answer('sharp.jpg', undefined);
    expect(t.item('blurry.jpg')).toMatchObject({ status: 'uploading', quality: 'blurry' });
    expect(t.item('sharp.jpg').quality).toBeUndefined();
    t.calls[0]?.respond(201, { id: 'img-1' });
    await flush();
    // Sent, and the hint stays until the person answers it.
    expect(t.item('blurry.jpg')).toMatchObject({ status: 'done', quality: 'blurry' });
  });

  it('keep() dismisses the hint and changes nothing else', async () => {
    const t = createTestQueue({ measure: async () => 'dark' });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    expect(t.item('a.jpg').quality).toBe('dark');
    const before = t.queue.getSnapshot();
    t.queue.keep(t.item('a.jpg').id);
    expect(t.item('a.jpg').status).toBe('uploading');
    expect(t.item('a.jpg').quality).toBeUndefined();
    expect(t.queue.getSnapshot()).not.toBe(before);
    // Nothing to dismiss any more: the same snapshot.
    const after = t.queue.getSnapshot();
    t.queue.keep(t.item('a.jpg').id);
    expect(t.queue.getSnapshot()).toBe(after);
    t.calls[0]?.respond(201, { id: 'img-1' });
    await flush();
    expect(t.item('a.jpg').status).toBe('done');
  });

  it('retake: removing the photo cancels its upload, and a hint that arrives later finds nothing to show on', async () => {
    const manual = manualMeasure();
    const t = createTestQueue({ measure: manual.measure });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    const call = t.calls[0];
    t.queue.remove(t.item('a.jpg').id);
    await manual.answer('a.jpg', 'blurry');
    expect(call?.signal.aborted).toBe(true);
    expect(t.queue.getSnapshot().items).toEqual([]);
  });

  it('does not measure a refused file, and a measure that fails gives no hint', async () => {
    const measure = vi.fn(async () => Promise.reject(new Error('cannot decode')));
    const t = createTestQueue({
      measure,
      prepare: async (file) => (file.name === 'bad.jpg' ? { ok: false, message: { key: 'file.undecodable' } } : { ok: true, blob: file, type: 'image/jpeg', name: file.name }),
    });
    t.queue.add([photo('bad.jpg'), photo('good.jpg')], 'camera');
    await flush();
    expect(measure).toHaveBeenCalledTimes(1);
    expect(t.item('good.jpg').status).toBe('uploading');
    expect(t.item('good.jpg').quality).toBeUndefined();
    expect(t.item('bad.jpg').status).toBe('failed');
  });
});
