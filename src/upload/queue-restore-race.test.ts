import { describe, expect, it, vi } from 'vitest';
import { createMemoryUploadStore } from '../test/memory-upload-store';
import { createTestQueue, photo } from '../test/queue-harness';
import { flush } from '../test/scripted-transport';
import type { UploadStore } from './persistence/upload-store';

describe('upload queue: the restore at start and the first pick', () => {
  it('a photo picked while the restore is still reading the store is listed and sent once, not restored as well', async () => {
    const memory = createMemoryUploadStore();
    // IndexedDB is slow to open: the store is read only after the first pick was already kept in it.
    let releaseList: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => {
      releaseList = resolve;
    });
    const store: UploadStore = { ...memory.store, list: async (sessionId) => listed.then(() => memory.store.list(sessionId)) };
    // A constant hash: every kept copy checks out at once, so the restore finishes within a few microtasks.
    const t = createTestQueue({ store, hash: async () => 'same' });
    t.queue.add([photo('a.jpg'), photo('b.jpg')], 'gallery');
    await vi.waitFor(() => expect(memory.records().map((record) => record.name)).toEqual(['a.jpg', 'b.jpg']));
    releaseList();
    await vi.waitFor(() => expect(t.calls).toHaveLength(2));
    await flush();
    expect(t.queue.getSnapshot().items.map((item) => item.name)).toEqual(['a.jpg', 'b.jpg']);
    expect(t.calls).toHaveLength(2);
  });
});
