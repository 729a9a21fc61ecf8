import { describe, expect, it } from 'vitest';
import type { PrepareFile, PrepareResult } from './types';
import { flush } from '../test/scripted-transport';
import { createTestQueue, photo, TEST_SESSION_ID, testLimits } from '../test/queue-harness';

describe('upload queue: the happy path', () => {
  it('prepares, uploads and confirms a file', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    expect(t.item('a.jpg').status).toBe('checking');
    expect(t.queue.getSnapshot().phase).toBe('running');
    await flush();
    expect(t.item('a.jpg').status).toBe('uploading');
    t.calls[0]?.respond(201, { id: 'img-1', filename: 'a.jpg', size_bytes: 1000 });
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'done', imageId: 'img-1', progress: 1 });
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 1 });
  });

  it('sends a multipart POST with source first, then the file, and the Idempotency-Key and password headers', async () => {
    const t = createTestQueue({ getPassword: () => 'hunter22' });
    t.queue.add([photo('a.jpg', 12)], 'gallery');
    await flush();
    const request = t.calls[0]?.request;
    expect(request?.url).toBe(`/api/v1/upload/${TEST_SESSION_ID}/images`);
    expect(request?.headers).toEqual({ 'Idempotency-Key': 'id-2', 'x-session-password': 'hunter22' });
    expect([...(request?.body.keys() ?? [])]).toEqual(['source', 'file']);
    expect(request?.body.get('source')).toBe('gallery');
    const file = request?.body.get('file');
    expect(file instanceof File ? [file.name, file.size] : file).toEqual(['a.jpg', 12]);
  });

  it('sends no password header when the session has none', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    expect(Object.keys(t.calls[0]?.request.headers ?? {})).toEqual(['Idempotency-Key']);
  });

  it('gives every file its own Idempotency-Key', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await flush();
    const keys = t.calls.map((call) => call.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('uploads two files at a time, starting the next as soon as one finishes', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')], 'camera');
    await flush();
    expect(t.pending()).toHaveLength(2);
    expect(t.queue.getSnapshot().items.map((item) => item.status)).toEqual(['uploading', 'uploading', 'queued', 'queued']);
    t.calls[1]?.respond(201, { id: 'img-b' });
    await flush();
    expect(t.pending().map((call) => call.request.body.get('file'))).toHaveLength(2);
    expect(t.item('c.jpg').status).toBe('uploading');
    expect(t.item('d.jpg').status).toBe('queued');
  });

  it('reports upload progress as a fraction of the bytes sent, in whole percents', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    const seen: number[] = [];
    t.queue.subscribe(() => seen.push(t.item('a.jpg').progress));
    t.calls[0]?.progress(250, 1000);
    t.calls[0]?.progress(251, 1000); // same whole percent: no new snapshot
    t.calls[0]?.progress(1000, 1000);
    expect(seen).toEqual([0.25, 1]);
    expect(t.item('a.jpg').status).toBe('uploading');
  });

  it('keeps the same snapshot reference until something changes', async () => {
    const t = createTestQueue();
    const empty = t.queue.getSnapshot();
    expect(t.queue.getSnapshot()).toBe(empty);
    t.queue.add([photo('a.jpg')], 'camera');
    const afterAdd = t.queue.getSnapshot();
    expect(afterAdd).not.toBe(empty);
    expect(t.queue.getSnapshot()).toBe(afterAdd);
  });

  it('on a one-core device, prepares one file at a time and shows which one is compressing', async () => {
    const waiting: Array<{ file: File; finish: (result: PrepareResult) => void; onCompressing: () => void }> = [];
    const prepare: PrepareFile = (file, _limits, onCompressing) =>
      new Promise((resolve) => waiting.push({ file, finish: resolve, onCompressing }));
    const t = createTestQueue({ prepare, cores: 1 });
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await flush();
    expect(waiting.map((w) => w.file.name)).toEqual(['a.jpg']);
    waiting[0]?.onCompressing();
    expect(t.item('a.jpg').status).toBe('compressing');
    expect(t.item('b.jpg').status).toBe('checking');
    const smaller = new Blob([new Uint8Array(10)], { type: 'image/jpeg' });
    waiting[0]?.finish({ ok: true, blob: smaller, type: 'image/jpeg', name: 'a.jpg' });
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'uploading', sentSize: 10, sentType: 'image/jpeg', originalSize: 1000 });
    expect(waiting.map((w) => w.file.name)).toEqual(['a.jpg', 'b.jpg']);
  });

  it('marks a file that cannot be prepared with its message and goes on with the others', async () => {
    const prepare: PrepareFile = async (file) =>
      file.name === 'doc.pdf' ? { ok: false, message: { key: 'file.notAnImage' } } : { ok: true, blob: file, type: 'image/jpeg', name: file.name };
    const t = createTestQueue({ prepare });
    t.queue.add([photo('doc.pdf', 10, ''), photo('b.jpg')], 'gallery');
    await flush();
    expect(t.item('doc.pdf')).toMatchObject({ status: 'failed', message: { key: 'file.notAnImage' } });
    expect(t.item('b.jpg').status).toBe('uploading');
    expect(t.calls).toHaveLength(1);
  });

  it('turns a preparation that throws into a visible per-file failure, never a silent one', async () => {
    const t = createTestQueue({ prepare: () => Promise.reject(new Error('decoder crashed')) });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    expect(t.item('a.jpg')).toMatchObject({ status: 'failed', message: { key: 'file.undecodable' } });
    expect(t.queue.getSnapshot().phase).toBe('idle');
  });
});

describe('upload queue: slots and removal', () => {
  it('accepts only as many files as the session has slots, marking the others "only N more fit"', async () => {
    const t = createTestQueue({ limits: testLimits({ remainingSlots: 2 }) });
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'gallery');
    expect(t.item('c.jpg')).toMatchObject({ status: 'failed', message: { key: 'file.onlyNMoreFit', params: { count: 2 } } });
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    // One confirmed and one on its way still use both slots.
    t.queue.add([photo('d.jpg')], 'gallery');
    expect(t.item('d.jpg').message).toEqual({ key: 'file.onlyNMoreFit', params: { count: 0 } });
    expect(t.calls).toHaveLength(2);
  });

  it('counts slots again from a new session read', async () => {
    const t = createTestQueue({ limits: testLimits({ remainingSlots: 1 }) });
    t.queue.add([photo('a.jpg')], 'gallery');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    // The integrator raised max_images; the page re-read the session, which now counts a.jpg.
    t.queue.setLimits(testLimits({ remainingSlots: 3 }));
    t.queue.add([photo('b.jpg'), photo('c.jpg'), photo('d.jpg'), photo('e.jpg')], 'gallery');
    expect(t.queue.getSnapshot().items.map((item) => item.status)).toEqual(['done', 'checking', 'checking', 'checking', 'failed']);
  });

  it('frees the slot of a removed file, aborting its upload', async () => {
    const t = createTestQueue({ limits: testLimits({ remainingSlots: 1 }) });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    const call = t.calls[0];
    t.queue.remove(t.item('a.jpg').id);
    expect(call?.signal.aborted).toBe(true);
    expect(t.queue.getSnapshot().items).toEqual([]);
    t.queue.add([photo('b.jpg')], 'camera');
    expect(t.item('b.jpg').status).toBe('checking');
  });

  it('removes a failed file and keeps confirmed ones', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    t.calls[1]?.respond(415, { statusCode: 415, error: 'Unsupported Media Type', message: 'Not an allowed type.' });
    await flush();
    t.queue.remove(t.item('b.jpg').id);
    t.queue.remove(t.item('a.jpg').id);
    expect(t.queue.getSnapshot().items.map((item) => item.name)).toEqual(['a.jpg']);
  });

  it('after dispose, sends nothing more and aborts what was running', async () => {
    const t = createTestQueue();
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'camera');
    await flush();
    t.queue.dispose();
    expect(t.calls.every((call) => call.signal.aborted)).toBe(true);
    await flush();
    expect(t.calls).toHaveLength(2);
  });
});
