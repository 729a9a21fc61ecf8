import { describe, expect, it, vi } from 'vitest';
import { readBytes } from '../../image-bytes/file-sniff';
import { keepBlobsAsBytes, type RowStore } from './blobs-as-bytes';
import { createTestQueue } from '../../test/queue-harness';
import type { PrepareFile } from '../types';
import { parseStoredUploads } from './upload-store';

/**
 * WebKit's ephemeral IndexedDB (Safari Private Browsing, WebDriver sessions): a write that carries a Blob or
 * File fails with UnknownError, an ArrayBuffer is stored. Rows are kept as structured clones, as a database would.
 */
function refusingBlobsRows() {
  const rows = new Map<string, unknown>();
  const holdsBlob = (value: unknown): boolean =>
    value instanceof Blob || (typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer) && Object.values(value).some(holdsBlob));
  let refused = 0;
  const store: RowStore = {
    async put(row) {
      if (holdsBlob(row)) {
        refused += 1;
        throw new DOMException('Error preparing Blob/File data to be stored', 'UnknownError');
      }
      const { key } = row as { key: string };
      rows.set(key, structuredClone(row));
    },
    async delete(key) {
      rows.delete(key);
    },
    async list(sessionId) {
      return [...rows.values()].filter((row) => (row as { sessionId: string }).sessionId === sessionId).map((row) => structuredClone(row));
    },
    async purgeExpired() {},
  };
  return { store: keepBlobsAsBytes(store, parseStoredUploads), rows: () => [...rows.values()] as Record<string, unknown>[], refused: () => refused };
}

const bytesOf = async (blob: Blob) => [...(await readBytes(blob, 0, blob.size))];
const described = (file: File | undefined) => file && { name: file.name, type: file.type, size: file.size, lastModified: file.lastModified };
const sentFile = (call: { request: { body: FormData } } | undefined) => call?.request.body.get('file');
const noBytes = (row: Record<string, unknown>) => row.original === undefined && row.prepared === undefined;

/** A picked photo with bytes a test can recognise, and a date of its own. */
const picked = (name: string) => new File([Uint8Array.from({ length: 3000 }, (_, i) => i % 251)], name, { type: 'image/png', lastModified: 1_700_000_000_000 });

/** Resizing that changes the bytes and the type, so a restore of what is sent can be told from the original. */
const toJpeg: PrepareFile = async (file) => ({ ok: true, blob: new Blob([new Uint8Array(file.size / 3).fill(9)], { type: 'image/jpeg' }), type: 'image/jpeg', name: file.name.replace(/\.png$/, '.jpg') });

function pageLife(store: ReturnType<typeof refusingBlobsRows>, life: string, prepare: PrepareFile) {
  let next = 1;
  return createTestQueue({ store: store.store, createId: () => `${life}-${next++}`, prepare });
}

describe('a database that refuses Blob/File values keeps them as bytes', () => {
  it('a picked file comes back after a reload with the same bytes, type, name and date', async () => {
    const db = refusingBlobsRows();
    const first = pageLife(db, 'one', () => new Promise(() => undefined));
    const file = picked('a.png');
    first.queue.add([file], 'gallery');
    await vi.waitFor(() => expect(db.rows()).toHaveLength(1));
    await vi.waitFor(() => expect(db.rows()[0]?.original).toBeDefined());
    first.queue.dispose();

    let restored: File | undefined;
    const second = pageLife(db, 'two', async (again) => {
      restored = again;
      return { ok: true, blob: again, type: again.type, name: again.name };
    });
    await vi.waitFor(() => expect(second.calls).toHaveLength(1));
    expect(second.queue.getSnapshot().items.map((item) => `${item.name}:${item.status}`)).toEqual(['a.png:uploading']);
    expect(described(restored)).toEqual({ name: 'a.png', type: 'image/png', size: 3000, lastModified: 1_700_000_000_000 });
    expect(await bytesOf(restored ?? new Blob())).toEqual(await bytesOf(file));
  });

  it('what is sent comes back after a reload, identical, is sent once more, and nothing is left once confirmed', async () => {
    const db = refusingBlobsRows();
    const first = pageLife(db, 'one', toJpeg);
    first.queue.add([picked('b.png')], 'camera');
    await vi.waitFor(() => expect(db.rows()[0]?.prepared).toBeDefined());
    first.queue.dispose();
    const refusedBefore = db.refused();

    const second = pageLife(db, 'two', toJpeg);
    await vi.waitFor(() => expect(second.calls).toHaveLength(1));
    const sent = sentFile(second.calls[0]);
    expect(sent).toBeInstanceOf(File);
    expect(described(sent as File)).toMatchObject({ name: 'b.jpg', type: 'image/jpeg', size: 1000 });
    expect(await bytesOf(sent as File)).toEqual(new Array(1000).fill(9));
    expect(db.rows().filter(noBytes)).toEqual([]);

    second.calls[0]?.respond(201, { id: 'img-b' });
    await vi.waitFor(() => expect(second.queue.getSnapshot().items[0]?.status).toBe('done'));
    await vi.waitFor(() => expect(db.rows()).toEqual([]));
    // The first refusal decided: this page life wrote nothing with a Blob in it.
    expect(db.refused()).toBe(refusedBefore);
  });

  it('removing a picked file, or its refusal by the server, leaves no record behind', async () => {
    const db = refusingBlobsRows();
    const t = pageLife(db, 'one', toJpeg);
    t.queue.add([picked('c.png'), picked('d.png')], 'gallery');
    await vi.waitFor(() => expect(db.rows().filter((row) => row.prepared !== undefined)).toHaveLength(2));
    expect(db.rows().filter(noBytes)).toEqual([]);
    t.calls[0]?.respond(415, { statusCode: 415, error: 'Unsupported Media Type', message: 'No.' });
    t.queue.remove(t.item('d.png').id);
    await vi.waitFor(() => expect(db.rows()).toEqual([]));
  });
});
