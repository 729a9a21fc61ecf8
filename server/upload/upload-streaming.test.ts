import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MB } from '../limits';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { listenLocal, openPost, type OpenRequest, type RawResponse, writeChunk } from '../test/http-client';
import { fileEnvelope, storedFiles, imageRowCount, insertTestSession, uploadPath } from '../test/upload-helpers';

/** Real sockets: what inject cannot show (reading stops early, aborted bodies, true concurrency). */
let t: TestApp;
let port: number;
beforeEach(async () => {
  t = await makeTestApp();
  port = await listenLocal(t.app);
});
afterEach(async () => {
  // After closeApp, t.close's second app.close resolves at once; it still drops the data folder (and the cluster's schema).
  await t.close();
});

/** Closing waits for every in-flight upload to commit or clean up, so the disk can be checked right after. */
async function closeApp() {
  await t.app.close();
}

function startUpload(sessionId: string, file: Buffer, headers: Record<string, string> = {}) {
  const envelope = fileEnvelope();
  const open = openPost(port, uploadPath(sessionId), {
    'content-type': envelope.contentType,
    'content-length': envelope.head.length + file.length + envelope.tail.length,
    ...headers,
  });
  const half = Math.floor(file.length / 2);
  return {
    open,
    /** Headers, the multipart head and the first half of the file. */
    sendFirstHalf: () => writeChunk(open, Buffer.concat([envelope.head, file.subarray(0, half)])),
    finish: async (): Promise<RawResponse> => {
      open.request.end(Buffer.concat([file.subarray(half), envelope.tail]));
      return open.response;
    },
  };
}

describe('upload over a real socket', () => {
  it('answers 413 as soon as the limit is passed, stops reading, and stores nothing', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: 1 * MB });
    const declaredFileSize = 512 * MB;
    const envelope = fileEnvelope('huge.jpg');
    const open: OpenRequest = openPost(port, uploadPath(sessionId), {
      'content-type': envelope.contentType,
      'content-length': envelope.head.length + declaredFileSize + envelope.tail.length,
    });
    const chunk = Buffer.alloc(64 * 1024, 0xab);
    let sent = 0;
    if (await writeChunk(open, Buffer.concat([envelope.head, makeJpeg(8, 8).subarray(0, 100)]))) {
      while (sent < declaredFileSize && (await writeChunk(open, chunk))) sent += chunk.length;
    }
    const response = await open.response;

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'file_too_large' });
    expect(response.headers.connection).toBe('close');
    // The server stopped reading long before the end: only socket buffers' worth went past the limit.
    expect(sent).toBeLessThan(64 * MB);
    open.request.destroy();
    expect(await imageRowCount(t.app, sessionId)).toBe(0);
    await closeApp();
    expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
  });

  it('leaves nothing behind when the client goes away in the middle of the body', async () => {
    const sessionId = await insertTestSession(t.app);
    const upload = startUpload(sessionId, makeJpeg(400, 300, { noise: true, quality: 95 }));
    await upload.sendFirstHalf();
    // The server has started writing the file...
    await vi.waitFor(async () => expect((await storedFiles(t.app)).incoming).toHaveLength(1));
    upload.open.request.destroy();
    await expect(upload.open.response).rejects.toThrow();
    // ...and once the upload has settled (close waits for it), nothing of it remains.
    await closeApp();
    expect((await storedFiles(t.app))).toEqual({ images: [], incoming: [] });
    expect(await t.rows('SELECT COUNT(*) AS n FROM images')).toEqual([{ n: 0 }]);
  });

  it('takes exactly max_images of 20 concurrent uploads, refusing the other 15 with 422', async () => {
    const sessionId = await insertTestSession(t.app, { maxImages: 5 });
    const file = makeJpeg(200, 150, { noise: true });
    const uploads = Array.from({ length: 20 }, () => startUpload(sessionId, file));
    // All 20 pass the early "full" check and stream into incoming/ before any of them can commit...
    await Promise.all(uploads.map((upload) => upload.sendFirstHalf()));
    // 20 sockets streaming at once can take longer than waitFor's default second on a busy machine.
    await vi.waitFor(async () => expect((await storedFiles(t.app)).incoming).toHaveLength(20), { timeout: 10_000 });
    // ...so the slot is really decided in the commit transaction.
    const responses = await Promise.all(uploads.map((upload) => upload.finish()));

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(15).fill(422)]);
    expect(await imageRowCount(t.app, sessionId)).toBe(5);
    const indexes = await t.rows('SELECT idx FROM images ORDER BY idx');
    expect(indexes).toEqual([1, 2, 3, 4, 5].map((idx) => ({ idx })));
    expect((await storedFiles(t.app))).toEqual({ images: expect.any(Array), incoming: [] });
    expect((await storedFiles(t.app)).images).toHaveLength(5);
  });

  it('stores one photo for concurrent retries with the same Idempotency-Key, and answers them all alike', async () => {
    const sessionId = await insertTestSession(t.app);
    const file = makeJpeg(300, 200, { noise: true });
    const uploads = Array.from({ length: 4 }, () => startUpload(sessionId, file, { 'idempotency-key': 'retry-abc-123' }));
    await Promise.all(uploads.map((upload) => upload.sendFirstHalf()));
    // Only the first holds the key and streams; the others wait without reading.
    await vi.waitFor(async () => expect((await storedFiles(t.app)).incoming).toHaveLength(1));
    expect((await storedFiles(t.app)).incoming).toHaveLength(1);
    const responses = await Promise.all(uploads.map((upload) => upload.finish()));

    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const bodies = new Set(responses.map((response) => response.body));
    expect(bodies.size).toBe(1);
    expect(await imageRowCount(t.app, sessionId)).toBe(1);
    expect((await storedFiles(t.app)).images).toHaveLength(1);
    expect((await storedFiles(t.app)).incoming).toEqual([]);
  });

  it('keeps the connection for the next photo after a 201, and after a refusal (the body is drained so the status arrives)', async () => {
    const sessionId = await insertTestSession(t.app);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (id: string, file: Buffer) =>
      new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
        const envelope = fileEnvelope();
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            path: uploadPath(id),
            method: 'POST',
            agent,
            headers: { 'content-type': envelope.contentType, 'content-length': envelope.head.length + file.length + envelope.tail.length },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, reused: request.reusedSocket }));
          },
        );
        request.on('error', reject);
        request.end(Buffer.concat([envelope.head, file, envelope.tail]));
      });
    try {
      const file = makeJpeg(64, 64);
      expect(await send(sessionId, file)).toEqual({ status: 201, connection: 'keep-alive', reused: false });
      expect(await send(sessionId, file)).toEqual({ status: 201, connection: 'keep-alive', reused: true });
      const refused = await send('0b6a5d7e-3c1f-4a2b-9c8d-7e6f5a4b3c2d', makeJpeg(300, 300, { noise: true }));
      expect(refused).toMatchObject({ status: 404, connection: 'keep-alive', reused: true });
      expect(await send(sessionId, file)).toEqual({ status: 201, connection: 'keep-alive', reused: true });
    } finally {
      agent.destroy();
    }
  });
});
