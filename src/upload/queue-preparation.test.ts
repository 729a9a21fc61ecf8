import { describe, expect, it, vi } from 'vitest';
import { PREPARATION } from './queue-limits';
import { preparationsAtOnce } from './preparation';
import { createMemoryUploadStore } from '../test/memory-upload-store';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';
import type { PrepareFile, PrepareResult } from './types';

/** A preparation the test ends by hand, file by file. */
function manualPreparation() {
  const started: Array<{ name: string; finish: () => void; compressing: () => void }> = [];
  const prepare: PrepareFile = (file, _limits, onCompressing) =>
    new Promise<PrepareResult>((resolve) => {
      started.push({
        name: file.name,
        compressing: onCompressing,
        finish: () => resolve({ ok: true, blob: new Blob([new Uint8Array(10)], { type: 'image/jpeg' }), type: 'image/jpeg', name: file.name }),
      });
    });
  const finish = async (name: string) => {
    started.find((run) => run.name === name)?.finish();
    await flush();
  };
  return { prepare, started: () => started.map((run) => run.name), finish, compressing: (name: string) => started.find((run) => run.name === name)?.compressing() };
}

const TWO_CORES = Math.max(2, PREPARATION.minCoresForTwo);
const big = (name: string) => photo(name, PREPARATION.maxBytesForTwo + 1);
const statuses = (t: ReturnType<typeof createTestQueue>) => t.queue.getSnapshot().items.map((item) => `${item.name}:${item.status}`);

describe('upload queue: preparing files ahead, and side by side where the device can', () => {
  it('prepares two small files at a time on a device with the cores, starting the next in pick order as one ends', async () => {
    const manual = manualPreparation();
    const t = createTestQueue({ prepare: manual.prepare, cores: TWO_CORES });
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')], 'gallery');
    await flush();
    expect(manual.started()).toEqual(['a.jpg', 'b.jpg']);
    manual.compressing('b.jpg');
    expect(statuses(t)).toEqual(['a.jpg:checking', 'b.jpg:compressing', 'c.jpg:checking', 'd.jpg:checking']);
    // b is ready first: it goes up at once, and c takes its place; the list keeps the pick order.
    await manual.finish('b.jpg');
    expect(manual.started()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(statuses(t)).toEqual(['a.jpg:checking', 'b.jpg:uploading', 'c.jpg:checking', 'd.jpg:checking']);
  });

  it('prepares one at a time on a device without the cores for two', () => {
    expect(preparationsAtOnce(1)).toBe(1);
    expect(preparationsAtOnce(PREPARATION.minCoresForTwo - 1)).toBe(1);
    expect(preparationsAtOnce(PREPARATION.minCoresForTwo)).toBe(2);
    expect(preparationsAtOnce(16)).toBe(PREPARATION.maxAtOnce);
  });

  it('prepares a big photo alone, and lets no later file jump ahead of it', async () => {
    const manual = manualPreparation();
    const t = createTestQueue({ prepare: manual.prepare, cores: TWO_CORES });
    t.queue.add([photo('a.jpg'), big('huge.jpg'), photo('c.jpg')], 'gallery');
    await flush();
    // huge.jpg would be decoded beside a.jpg: it waits, and c.jpg waits behind it.
    expect(manual.started()).toEqual(['a.jpg']);
    await manual.finish('a.jpg');
    expect(manual.started()).toEqual(['a.jpg', 'huge.jpg']);
    await flush();
    expect(manual.started()).toEqual(['a.jpg', 'huge.jpg']);
    await manual.finish('huge.jpg');
    expect(manual.started()).toEqual(['a.jpg', 'huge.jpg', 'c.jpg']);
  });

  it('keeps preparing the next files while the earlier ones are still sending', async () => {
    const manual = manualPreparation();
    const t = createTestQueue({ prepare: manual.prepare, cores: 1 });
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')], 'camera');
    await flush();
    await manual.finish('a.jpg');
    await manual.finish('b.jpg');
    await manual.finish('c.jpg');
    // Two uploads at a time, none answered yet: c.jpg is ready and waits, d.jpg is already being prepared.
    expect(t.pending()).toHaveLength(2);
    expect(statuses(t)).toEqual(['a.jpg:uploading', 'b.jpg:uploading', 'c.jpg:queued', 'd.jpg:checking']);
    expect(manual.started()).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  });

  it('a file removed while it is prepared keeps its place in the count until its preparation ends', async () => {
    const manual = manualPreparation();
    const t = createTestQueue({ prepare: manual.prepare, cores: TWO_CORES });
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'camera');
    await flush();
    t.queue.remove(t.item('a.jpg').id);
    await flush();
    // Its decoding is still running somewhere and holds memory: c.jpg waits for it.
    expect(manual.started()).toEqual(['a.jpg', 'b.jpg']);
    await manual.finish('a.jpg');
    expect(manual.started()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(statuses(t)).toEqual(['b.jpg:checking', 'c.jpg:checking']);
  });
});

describe('upload queue: keeping picked files for a reload without holding up the first one', () => {
  it('keeps a picked file as it is, without reading it to hash it; only what will be sent is hashed', async () => {
    const store = createMemoryUploadStore();
    const hash = vi.fn(async (blob: Blob) => String(blob.size).padStart(64, '0'));
    const manual = manualPreparation();
    const t = createTestQueue({ store: store.store, hash, prepare: manual.prepare });
    t.queue.add([photo('a.jpg', 800)], 'camera');
    await vi.waitFor(() => expect(store.records()[0]?.original?.size).toBe(800));
    expect(store.records()[0]?.original?.sha256).toBeUndefined();
    expect(hash).not.toHaveBeenCalled();
    await manual.finish('a.jpg');
    await vi.waitFor(() => expect(store.records()[0]?.prepared?.size).toBe(10));
    expect(hash.mock.calls.map(([blob]) => blob.size)).toEqual([10]);
  });

  it('writes picked originals one after the other, so that reading the first one for its preparation is not queued behind them all', async () => {
    const memory = createMemoryUploadStore();
    let writing = 0;
    let mostAtOnce = 0;
    const store = {
      ...memory.store,
      async put(record: Parameters<typeof memory.store.put>[0]) {
        writing += 1;
        mostAtOnce = Math.max(mostAtOnce, writing);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await memory.store.put(record);
        writing -= 1;
      },
    };
    const manual = manualPreparation();
    const t = createTestQueue({ store, prepare: manual.prepare });
    t.queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')], 'gallery');
    await vi.waitFor(() => expect(memory.records().map((record) => record.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']));
    expect(mostAtOnce).toBe(1);
    expect(manual.started()).toEqual(['a.jpg']);
  });

  it('a kept original that the browser lost or cut short is listed as "pick it again"; one kept with a hash is still checked against it', async () => {
    const store = createMemoryUploadStore();
    const base = { sessionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', source: 'camera' as const, originalType: 'image/jpeg', originalSize: 100, expiresAt: Date.now() + 3_600_000 };
    const bytes = new Blob([new Uint8Array(100)]);
    await store.store.put({ ...base, key: 'k1', order: 1, name: 'short.jpg', original: { blob: new Blob([new Uint8Array(60)]), size: 100 } });
    await store.store.put({ ...base, key: 'k2', order: 2, name: 'old-page.jpg', original: { blob: bytes, size: 100, sha256: 'f'.repeat(64) } });
    await store.store.put({ ...base, key: 'k3', order: 3, name: 'fine.jpg', original: { blob: bytes, size: 100 } });
    const manual = manualPreparation();
    const t = createTestQueue({ store: store.store, prepare: manual.prepare, hash: async () => '0'.repeat(64) });
    await vi.waitFor(() => expect(statuses(t)).toEqual(['short.jpg:failed', 'old-page.jpg:failed', 'fine.jpg:checking']));
    expect(t.queue.getSnapshot().items.map((item) => item.message?.key)).toEqual(['file.notKept', 'file.notKept', undefined]);
    expect(manual.started()).toEqual(['fine.jpg']);
  });
});
