import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeGracefully } from './shutdown';
import { makeJpeg } from './test/fixtures';
import { makeTestApp, storedName, type TestApp } from './test/helpers';
import { listenLocal, openPost, writeChunk } from './test/http-client';
import { fileEnvelope, storedFiles, insertTestSession, uploadPath } from './test/upload-helpers';

let t: TestApp;
let port: number;
beforeEach(async () => {
  t = await makeTestApp();
  port = await listenLocal(t.app);
});
afterEach(async () => {
  // closeGracefully has closed the app already; t.close still drops the data folder (and a cluster's schema).
  await t.close();
});

/** The image rows that made it into the database, read after the app is closed. */
async function storedRows(): Promise<unknown[]> {
  return t.rows('SELECT COUNT(*) AS n FROM images');
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
    expect(await storedRows()).toEqual([{ n: 1 }]);
    const { id } = JSON.parse(response.body) as { id: string };
    expect(await storedFiles(t.app)).toEqual({ images: [storedName(sessionId, `${id}.jpg`)], incoming: [] });
  });

  it('cuts off an upload still running at the end of the grace time, and nothing of it remains', async () => {
    const sessionId = await insertTestSession(t.app);
    const upload = await uploadHalfway(sessionId);

    const result = await closeGracefully(t.app, 0);

    expect(result).toEqual({ cutOff: true });
    await expect(upload.open.response).rejects.toThrow();
    expect(await storedRows()).toEqual([{ n: 0 }]);
    expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
  });
});
