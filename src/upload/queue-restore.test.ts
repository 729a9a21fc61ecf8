import { describe, expect, it, vi } from 'vitest';
import type { PrepareFile } from './types';
import { createMemoryUploadStore } from '../test/memory-upload-store';
import { createUploadQueue } from './queue';
import { createFakeClock } from '../test/fake-clock';
import { createTestQueue, passThrough, photo, TEST_SESSION_ID, testLimits } from '../test/queue-harness';
import { createScriptedTransport, flush } from '../test/scripted-transport';
import { UPLOAD_QUEUE } from './queue-limits';

const HOUR = 3_600_000;

/** One page life: its own ids (keys never repeat across lives, as with crypto.randomUUID). */
function pageLife(store: ReturnType<typeof createMemoryUploadStore>, life: string, overrides: Parameters<typeof createTestQueue>[0] = {}) {
  let next = 1;
  const t = createTestQueue({ store: store.store, createId: () => `${life}-${next++}`, ...overrides });
  return { ...t, expiresAt: t.clock.now() + HOUR };
}

const names = (t: { queue: { getSnapshot(): { items: readonly { name: string; status: string }[] } } }) =>
  t.queue.getSnapshot().items.map((item) => `${item.name}:${item.status}`);

/** Resizing that changes the bytes, so the test can tell what was kept: the original or what is sent. */
const shrink: PrepareFile = async (file) => ({ ok: true, blob: new Blob([new Uint8Array(file.size / 2).fill(1)], { type: 'image/jpeg' }), type: 'image/jpeg', name: file.name });

describe('upload queue: unconfirmed files survive a reload', () => {
  it('keeps each picked file, then what will be sent instead, and forgets it once the server confirms it', async () => {
    const store = createMemoryUploadStore();
    const t = pageLife(store, 'one', { prepare: shrink, expiresAt: Date.UTC(2026, 0, 1, 1) });
    t.queue.add([photo('a.jpg', 1000)], 'camera');
    await vi.waitFor(() => expect(store.records()[0]?.prepared?.size).toBe(500));
    expect(store.records()[0]).toMatchObject({ key: 'one-2', sessionId: TEST_SESSION_ID, name: 'a.jpg', source: 'camera', expiresAt: Date.UTC(2026, 0, 1, 1) });
    expect(store.records()[0]?.prepared?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.records()[0]?.original).toBeUndefined();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await vi.waitFor(() => expect(store.records()).toEqual([]));
  });

  it('after a reload, sends every unconfirmed file once more with its own key, in pick order, and never a confirmed one', async () => {
    const store = createMemoryUploadStore();
    const first = pageLife(store, 'one');
    first.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'gallery');
    await flush();
    const keys = new Map(first.calls.map((call) => [fileName(call), call.idempotencyKey]));
    first.calls[0]?.respond(201, { id: 'img-a' });
    await vi.waitFor(() => expect(store.records().map((record) => record.name)).toEqual(['b.jpg', 'c.jpg']));
    // The tab dies with b.jpg on its way (the server may even have stored it) and c.jpg waiting.
    first.queue.dispose();
    const storedKeys = store.records().map((record) => record.key);
    expect(storedKeys[0]).toBe(keys.get('b.jpg'));

    const second = pageLife(store, 'two');
    await vi.waitFor(() => expect(names(second)).toEqual(['b.jpg:uploading', 'c.jpg:uploading']));
    expect(second.calls.map(fileName)).toEqual(['b.jpg', 'c.jpg']);
    expect(second.calls.map((call) => call.idempotencyKey)).toEqual(storedKeys);
    expect(second.queue.getSnapshot().items[0]).toMatchObject({ source: 'gallery', originalSize: 1000, sentSize: 1000 });
    second.calls[0]?.respond(201, { id: 'img-b' });
    second.calls[1]?.respond(201, { id: 'img-c' });
    await vi.waitFor(() => expect(store.records()).toEqual([]));
    expect(second.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 2 });
  });

  it('a file the tab died preparing is prepared again from the kept original, then sent', async () => {
    const store = createMemoryUploadStore();
    const first = pageLife(store, 'one', { prepare: () => new Promise(() => undefined) });
    first.queue.add([photo('a.jpg', 800)], 'camera');
    await vi.waitFor(() => expect(store.records()[0]?.original?.size).toBe(800));
    first.queue.dispose();

    const prepared: string[] = [];
    const second = pageLife(store, 'two', {
      prepare: async (file, limits, onCompressing) => {
        prepared.push(`${file.name}:${file.size}`);
        return shrink(file, limits, onCompressing);
      },
    });
    await vi.waitFor(() => expect(second.calls).toHaveLength(1));
    expect(prepared).toEqual(['a.jpg:800']);
    expect(second.calls[0]?.idempotencyKey).toBe('one-2');
    const sent = second.calls[0]?.request.body.get('file');
    expect(sent instanceof File ? sent.size : undefined).toBe(400);
  });

  it('a restored file whose bytes were lost or changed is listed as "pick it again", never sent, and kept until removed', async () => {
    const store = createMemoryUploadStore();
    const first = pageLife(store, 'one');
    first.queue.add([photo('a.jpg'), photo('b.jpg')], 'camera');
    await vi.waitFor(() => expect(store.records().filter((record) => record.prepared !== undefined)).toHaveLength(2));
    first.queue.dispose();
    store.loseBytes('one-2');

    const second = pageLife(store, 'two');
    await vi.waitFor(() => expect(names(second)).toEqual(['a.jpg:failed', 'b.jpg:uploading']));
    expect(second.queue.getSnapshot().items[0]?.message).toEqual({ key: 'file.notKept' });
    expect(second.calls.map(fileName)).toEqual(['b.jpg']);
    second.calls[0]?.respond(201, { id: 'img-b' });
    await vi.waitFor(() => expect(store.records().map((record) => record.name)).toEqual(['a.jpg']));

    // Another reload still says so; removing it is the person's decision.
    second.queue.dispose();
    const third = pageLife(store, 'three');
    await vi.waitFor(() => expect(names(third)).toEqual(['a.jpg:failed']));
    third.queue.remove(third.queue.getSnapshot().items[0]?.id ?? '');
    await vi.waitFor(() => expect(store.records()).toEqual([]));
  });

  it('a file whose bytes could not be stored (storage full) is remembered by name, so a reload asks for it again', async () => {
    const store = createMemoryUploadStore();
    store.setFailBlobWrites(true);
    const first = pageLife(store, 'one', { prepare: () => new Promise(() => undefined) });
    first.queue.add([photo('a.jpg')], 'camera');
    await vi.waitFor(() => expect(store.records()).toHaveLength(1));
    expect(store.records()[0]).toMatchObject({ name: 'a.jpg', original: undefined, prepared: undefined });
    first.queue.dispose();
    const second = pageLife(store, 'two');
    await vi.waitFor(() => expect(names(second)).toEqual(['a.jpg:failed']));
    expect(second.queue.getSnapshot().items[0]?.message).toEqual({ key: 'file.notKept' });
  });

  it('forgets refused and removed files, keeps those that ran out of attempts on the connection', async () => {
    const store = createMemoryUploadStore();
    const t = pageLife(store, 'one');
    t.queue.add([photo('refused.jpg'), photo('removed.jpg'), photo('stuck.jpg')], 'camera');
    await vi.waitFor(() => expect(store.records().filter((record) => record.prepared !== undefined)).toHaveLength(3));
    t.calls[0]?.respond(415, { statusCode: 415, error: 'Unsupported Media Type', message: 'No.' });
    t.queue.remove(t.queue.getSnapshot().items[1]?.id ?? '');
    for (let attempt = 1; attempt <= UPLOAD_QUEUE.maxAttempts; attempt += 1) {
      await flush();
      t.pending()[0]?.dropConnection(0);
      await flush();
      t.advance(UPLOAD_QUEUE.backoffCapMs / 2);
    }
    expect(names(t)).toEqual(['refused.jpg:failed', 'stuck.jpg:failed']);
    await vi.waitFor(() => expect(store.records().map((record) => record.name)).toEqual(['stuck.jpg']));
  });

  it('purges expired copies of any session when it opens, and restores only its own session', async () => {
    const store = createMemoryUploadStore();
    const now = Date.UTC(2026, 0, 1);
    const record = (key: string, sessionId: string, expiresAt: number) => ({
      key,
      sessionId,
      order: 1,
      source: 'camera' as const,
      name: `${key}.jpg`,
      originalType: 'image/jpeg',
      originalSize: 0,
      expiresAt,
    });
    await store.store.put(record('old', TEST_SESSION_ID, now - 1));
    await store.store.put(record('other-old', 'another-session', now - HOUR));
    await store.store.put(record('other-live', 'another-session', now + HOUR));
    const t = pageLife(store, 'one');
    await vi.waitFor(() => expect(store.records().map((kept) => kept.key)).toEqual(['other-live']));
    await flush();
    expect(t.queue.getSnapshot().items).toEqual([]);
  });

  it('making a queue restores nothing and listens to nothing until start() (React may make one and drop it)', async () => {
    const store = createMemoryUploadStore();
    const first = pageLife(store, 'one');
    first.queue.add([photo('a.jpg')], 'camera');
    await vi.waitFor(() => expect(store.records()[0]?.prepared).toBeDefined());
    first.queue.dispose();
    const scripted = createScriptedTransport();
    const unstarted = createUploadQueue({
      sessionId: TEST_SESSION_ID,
      limits: testLimits(),
      transport: scripted.transport,
      clock: createFakeClock().clock,
      prepare: passThrough,
      store: store.store,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unstarted.getSnapshot().items).toEqual([]);
    expect(scripted.calls).toEqual([]);
    unstarted.start();
    unstarted.start();
    await vi.waitFor(() => expect(scripted.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scripted.calls).toHaveLength(1);
  });

  it('storage that fails altogether costs the reload safety, never the upload', async () => {
    const store = createMemoryUploadStore();
    store.setFailEverything(true);
    const t = pageLife(store, 'one');
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    expect(t.queue.getSnapshot()).toMatchObject({ phase: 'idle', confirmedCount: 1 });
  });

  it('a confirmation is never overtaken by the slower write of what was to be sent', async () => {
    const store = createMemoryUploadStore();
    let release = () => {};
    const slowHash = (blob: Blob) => new Promise<string>((resolve) => (release = () => resolve(`${'0'.repeat(60)}${String(blob.size).padStart(4, '0')}`)));
    const t = pageLife(store, 'one', { hash: slowHash });
    t.queue.add([photo('a.jpg')], 'camera');
    await flush();
    t.calls[0]?.respond(201, { id: 'img-a' });
    await flush();
    for (let i = 0; i < 3; i += 1) {
      release();
      await flush();
    }
    await vi.waitFor(() => expect(store.records()).toEqual([]));
  });
});

function fileName(call: { request: { body: FormData } }): string | undefined {
  const file = call.request.body.get('file');
  return file instanceof File ? file.name : undefined;
}
