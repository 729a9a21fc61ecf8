import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeGracefully } from './shutdown';
import { makeJpeg } from './test/fixtures';
import { makeTestApp, type TestApp } from './test/helpers';
import { listenLocal, openPost, writeChunk } from './test/http-client';
import { fileEnvelope, storedFiles, insertTestSession, uploadPath } from './test/upload-helpers';

let t: TestApp;
let port: number;
beforeEach(async () => {
  t = await makeTestApp();
  port = await listenLocal(t.app);
});
afterEach(() => {
  fs.rmSync(t.dataDir, { recursive: true, force: true });
});

function rowsOnDisk(): number {
  const db = new Database(path.join(t.dataDir, 'qrdrop.sqlite'), { readonly: true });
  try {
    return Number(db.prepare('SELECT COUNT(*) FROM images').pluck().get());
  } finally {
    db.close();
  }
}

/** An upload whose first half is already on the server's disk when the test goes on. */
async function uploadHalfway(sessionId: string) {
  const file = makeJpeg(300, 200, { noise: true });
  const envelope = fileEnvelope();
  const open = openPost(port, uploadPath(sessionId), {
    'content-type': envelope.contentType,
    'content-length': envelope.head.length + file.length + envelope.tail.length,
  });
  const half = Math.floor(file.length / 2);
  await writeChunk(open, Buffer.concat([envelope.head, file.subarray(0, half)]));
  await vi.waitFor(async () => expect((await storedFiles(t.app)).incoming).toHaveLength(1));
  return { open, finish: () => open.request.end(Buffer.concat([file.subarray(half), envelope.tail])) };
}

describe('closeGracefully', () => {
  it('lets an upload in flight finish and commit, then stops', async () => {
    const sessionId = await insertTestSession(t.app);
    const upload = await uploadHalfway(sessionId);

    const closing = closeGracefully(t.app, 60 * 60_000);
    upload.finish();
    const response = await upload.open.response;
    const result = await closing;

    expect(response.status).toBe(201);
    expect(result).toEqual({ cutOff: false });
    expect(rowsOnDisk()).toBe(1);
    expect((await storedFiles(t.app))).toMatchObject({ images: [expect.stringContaining(sessionId)], incoming: [] });
  });

  it('cuts off an upload still running at the end of the grace time, and nothing of it remains', async () => {
    const sessionId = await insertTestSession(t.app);
    const upload = await uploadHalfway(sessionId);

    const result = await closeGracefully(t.app, 0);

    expect(result).toEqual({ cutOff: true });
    await expect(upload.open.response).rejects.toThrow();
    expect(rowsOnDisk()).toBe(0);
    expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
  });
});
