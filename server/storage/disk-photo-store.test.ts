import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { DiskPhotoStore } from './disk-photo-store';
import { readPhoto } from './read-photo';

let root: string;
let spoolDir: string;
let store: DiskPhotoStore;
const info = { sizeBytes: 5, mimeType: 'image/jpeg', sha256: '0'.repeat(64) };

beforeEach(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-photos-'));
  root = path.join(base, 'images');
  spoolDir = path.join(base, 'incoming');
  fs.mkdirSync(root);
  fs.mkdirSync(spoolDir);
  store = new DiskPhotoStore(root);
});
afterEach(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

function spool(bytes: string): string {
  const file = path.join(spoolDir, newId());
  fs.writeFileSync(file, bytes);
  return file;
}

describe('DiskPhotoStore', () => {
  it('puts the spool file under <images>/<session>/<storage name>, consuming the spool, and opens it back', async () => {
    const ref = { sessionId: newId(), storageName: `${newId()}.jpg` };
    const from = spool('hello');
    await store.put(from, ref, info);
    expect(fs.existsSync(from)).toBe(false);
    expect(fs.readFileSync(path.join(root, ref.sessionId, ref.storageName), 'utf8')).toBe('hello');
    const opened = await store.open(ref);
    expect(opened.size).toBe(5);
    opened.stream.destroy();
    expect((await readPhoto(store, ref)).toString('utf8')).toBe('hello');
  });

  it('a second photo of the same session goes beside the first', async () => {
    const sessionId = newId();
    const refs = [`${newId()}.jpg`, `${newId()}.png`].map((storageName) => ({ sessionId, storageName }));
    for (const [i, ref] of refs.entries()) await store.put(spool(`photo ${i}`), ref, info);
    expect(fs.readdirSync(path.join(root, sessionId)).sort()).toEqual(refs.map((ref) => ref.storageName).sort());
  });

  it('a failed put leaves nothing behind and its error names neither path nor session', async () => {
    const ref = { sessionId: newId(), storageName: `${newId()}.jpg` };
    const missingSpool = path.join(spoolDir, 'gone');
    const failure = await store.put(missingSpool, ref, info).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toBe('storing a photo failed (ENOENT)');
    expect(fs.existsSync(path.join(root, ref.sessionId, ref.storageName))).toBe(false);
  });

  it('a put onto a path that cannot be a folder removes the spool file too', async () => {
    const ref = { sessionId: newId(), storageName: `${newId()}.jpg` };
    fs.writeFileSync(path.join(root, ref.sessionId), 'a file where the session folder should be');
    const from = spool('hello');
    await expect(store.put(from, ref, info)).rejects.toThrow(/^storing a photo failed \(E[A-Z]+\)$/);
    expect(fs.existsSync(from)).toBe(false);
  });

  it('opening a missing photo rejects with ENOENT as its code and no session id in the message', async () => {
    const sessionId = newId();
    const failure = await store.open({ sessionId, storageName: `${newId()}.jpg` }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ENOENT', message: 'opening a stored photo failed (ENOENT)' });
    expect(JSON.stringify(failure) + String(failure)).not.toContain(sessionId);
  });

  it('removes a photo, and removing a missing one is not an error', async () => {
    const ref = { sessionId: newId(), storageName: `${newId()}.jpg` };
    await store.put(spool('bye'), ref, info);
    await store.remove(ref);
    expect(fs.existsSync(path.join(root, ref.sessionId, ref.storageName))).toBe(false);
    await expect(store.remove(ref)).resolves.toBeUndefined();
  });

  it('keeps every photo inside its root, whatever the names hold', () => {
    const inside = store.pathOf({ sessionId: '../../etc', storageName: '../passwd' });
    expect(path.dirname(path.dirname(inside))).toBe(root);
  });
});
