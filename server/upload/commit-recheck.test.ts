import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../events';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, onCluster, type TestApp } from '../test/helpers';
import { listenLocal, openPost, type RawResponse, writeChunk } from '../test/http-client';
import { createSession } from '../test/sessions';
import { fileEnvelope, storedFiles, imageRowCount, upload, uploadPath } from '../test/upload-helpers';

/**
 * The session is read again in the commit's transaction: a photo that was streaming while the session was
 * completed, expired or lowered below its count gets the answer a fresh upload would, and leaves nothing behind
 * (no row, no file, no delivery, no event). Real sockets: the change has to land while the body is on its way.
 */
let t: TestApp;
let port: number;
let folder: string;
let events: SessionEvent[];
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-folder-'));
  // A folder destination, so that every stored photo would plan a delivery; a cluster refuses DELIVERY_FOLDER, so
  // there the key's default webhook plans it (to a loopback port nothing listens on: no send reaches anyone).
  t = await makeTestApp(onCluster ? { WEBHOOK_ALLOW_PRIVATE: 'true' } : { DELIVERY_FOLDER: folder });
  if (onCluster) await addDefaultWebhook();
  port = await listenLocal(t.app);
  events = [];
  t.app.qrdrop.events.subscribe('*', (event) => events.push(event));
});
afterEach(async () => {
  await t.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function addDefaultWebhook() {
  const payload = { type: 'webhook', name: 'nobody', url: 'http://127.0.0.1:4449/never', format: 'json_base64', is_default: true };
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(), payload });
  expect(created.statusCode).toBe(201);
}

/** Sends the headers, the form head and half the file, waits until the server is writing it, then runs `meanwhile`. */
async function uploadWhile(sessionId: string, meanwhile: () => Promise<void> | void): Promise<RawResponse> {
  const file = makeJpeg(300, 200, { noise: true });
  const envelope = fileEnvelope();
  const open = openPost(port, uploadPath(sessionId), {
    'content-type': envelope.contentType,
    'content-length': envelope.head.length + file.length + envelope.tail.length,
  });
  const half = Math.floor(file.length / 2);
  await writeChunk(open, Buffer.concat([envelope.head, file.subarray(0, half)]));
  await vi.waitFor(async () => expect((await storedFiles(t.app)).incoming).toHaveLength(1), { timeout: 10_000 });
  await meanwhile();
  open.request.end(Buffer.concat([file.subarray(half), envelope.tail]));
  return open.response;
}

async function expectNothingLeft(sessionId: string, rows: number) {
  expect(await imageRowCount(t.app, sessionId)).toBe(rows);
  expect((await storedFiles(t.app)).incoming).toEqual([]);
  expect((await storedFiles(t.app)).images).toHaveLength(rows);
  expect(await t.rows('SELECT COUNT(*) AS n FROM deliveries')).toEqual([{ n: rows }]);
  expect(events.filter((event) => event.type === 'image:ready')).toHaveLength(rows);
}

describe('the commit looks at the session again', () => {
  it('409 for a photo still streaming when the session was completed', async () => {
    const { id } = await createSession(t.app);
    const response = await uploadWhile(id, async () => {
      const completed = await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/complete`, headers: auth() });
      expect(completed.statusCode).toBe(200);
    });
    expect(response.status).toBe(409);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'This session is already completed.',
      code: 'session_completed',
    });
    await expectNothingLeft(id, 0);
  });

  it('410 for a photo still streaming when the session expired', async () => {
    const { id } = await createSession(t.app, { expires_in_hours: 1 });
    const response = await uploadWhile(id, () => t.advance(60 * 60_000 + 1));
    expect(response.status).toBe(410);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'session_expired', message: 'This session has expired.' });
    await expectNothingLeft(id, 0);
  });

  it('422 for a photo still streaming when max_images was lowered to what the session already has', async () => {
    const { id } = await createSession(t.app, { max_images: 3 });
    expect((await upload(t.app, id, makeJpeg(20, 20))).statusCode).toBe(201);
    const response = await uploadWhile(id, async () => {
      const lowered = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/upload-sessions/${id}`,
        headers: auth(),
        payload: { max_images: 1 },
      });
      expect(lowered.statusCode).toBe(200);
    });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'session_full' });
    await expectNothingLeft(id, 1);
  });
});
