import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { storedFiles, imageRowCount, insertTestSession, upload } from '../test/upload-helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});

const key = (value: string) => ({ headers: { 'idempotency-key': value } });

describe('Idempotency-Key on uploads', () => {
  it('replays the first 201 for a retry with the same key and stores nothing new', async () => {
    const sessionId = await insertTestSession(t.app);
    const first = await upload(t.app, sessionId, makeJpeg(64, 64), key('k-1'));
    const retry = await upload(t.app, sessionId, makeJpeg(64, 64), key('k-1'));
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
    expect((await storedFiles(t.app))).toMatchObject({ images: [expect.any(String)], incoming: [] });

    const other = await upload(t.app, sessionId, makeJpeg(64, 64), key('k-2'));
    expect(other.json().id).not.toBe(first.json().id);
    expect(await imageRowCount(t.app, sessionId)).toBe(2);
  });

  it('scopes keys to their session', async () => {
    const a = await insertTestSession(t.app);
    const b = await insertTestSession(t.app);
    const inA = await upload(t.app, a, makeJpeg(8, 8), key('same'));
    const inB = await upload(t.app, b, makeJpeg(8, 8), key('same'));
    expect(inB.statusCode).toBe(201);
    expect(inB.json().id).not.toBe(inA.json().id);
  });

  it('lets a retry through when the first attempt with that key was refused', async () => {
    const sessionId = await insertTestSession(t.app, { allowedMimeTypes: ['image/jpeg'] });
    expect((await upload(t.app, sessionId, makePng(8, 8), key('k'))).statusCode).toBe(415);
    expect((await upload(t.app, sessionId, makeJpeg(8, 8), key('k'))).statusCode).toBe(201);
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
  });

  it('replays even when the session has filled up since (the photo is already in)', async () => {
    const sessionId = await insertTestSession(t.app, { maxImages: 1 });
    const first = await upload(t.app, sessionId, makeJpeg(8, 8), key('only'));
    const retry = await upload(t.app, sessionId, makeJpeg(8, 8), key('only'));
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
  });

  it('remembers keys across a restart (they are in the database)', async () => {
    const sessionId = await insertTestSession(t.app);
    const first = await upload(t.app, sessionId, makeJpeg(32, 32), key('before-restart'));
    await t.app.close();
    const restarted = await t.another();
    try {
      const retry = await upload(restarted, sessionId, makeJpeg(32, 32), key('before-restart'));
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(await imageRowCount(restarted, sessionId)).toBe(1);
      expect((await storedFiles(t.app)).images).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });
});
