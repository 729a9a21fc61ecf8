import http from 'node:http';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB } from '../limits';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { listenLocal, openPost } from '../test/http-client';
import { ScenarioSummary } from '../test/summary';
import { fileEnvelope, imageRowCount, insertTestSession, uploadPath } from '../test/upload-helpers';

/**
 * "Response lost": the photo is stored, the client never saw the 201 and sends it again. The replayed 201 must
 * reach it: the server reads the retry's body to its end (instead of answering mid-body and closing, which can
 * reset the connection before the client reads the answer), and the connection stays open for the next photo.
 */
let t: TestApp;
let port: number;
const summary = new ScenarioSummary('replay-delivery');
beforeEach(async () => {
  t = await makeTestApp();
  port = await listenLocal(t.app);
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

interface Sent {
  status: number;
  id: string;
  replayed: boolean;
  connection: string | undefined;
  reusedSocket: boolean;
}

function send(agent: http.Agent, sessionId: string, file: Buffer, key: string): Promise<Sent> {
  const envelope = fileEnvelope();
  const body = Buffer.concat([envelope.head, file, envelope.tail]);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: uploadPath(sessionId),
        method: 'POST',
        agent,
        headers: { 'content-type': envelope.contentType, 'content-length': body.length, 'idempotency-key': key },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            id: String(JSON.parse(Buffer.concat(chunks).toString('utf8')).id),
            replayed: response.headers['idempotent-replayed'] === 'true',
            connection: response.headers.connection,
            reusedSocket: request.reusedSocket,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('a retry of a stored photo', () => {
  it('gets the first 201 on a connection that stays usable, however many times it is sent', async () => {
    const sessionId = await insertTestSession(t.app);
    const file = makeJpeg(900, 700, { noise: true, quality: 92 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, sessionId, file, 'photo-1');
      const retries: Sent[] = [];
      for (let i = 0; i < 5; i++) retries.push(await send(agent, sessionId, file, 'photo-1'));
      summary.add(
        `stored ${Math.round(file.length / 1024)} KB photo, then 5 retries with its key → ` +
          `${retries.filter((r) => r.status === 201 && r.replayed && r.id === first.id).length}/5 got the first 201 (same id), ` +
          `connection kept: ${retries.filter((r) => r.connection === 'keep-alive').length}/5, rows ${await imageRowCount(t.app, sessionId)}`,
      );

      expect(first).toMatchObject({ status: 201, replayed: false });
      for (const retry of retries) expect(retry).toEqual({ status: 201, id: first.id, replayed: true, connection: 'keep-alive', reusedSocket: true });
      expect(await imageRowCount(t.app, sessionId)).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('declaring more than any upload may be: answered at once without reading it, and closed', async () => {
    const sessionId = await insertTestSession(t.app, { maxImageSizeBytes: 1 * MB });
    const agent = new http.Agent({ keepAlive: false });
    const first = await send(agent, sessionId, makeJpeg(64, 64), 'photo-2');
    const envelope = fileEnvelope();
    const open = openPost(port, uploadPath(sessionId), {
      'content-type': envelope.contentType,
      'content-length': 512 * MB,
      'idempotency-key': 'photo-2',
    });
    open.request.write(envelope.head);
    const response = await open.response;
    open.request.destroy();
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).id).toBe(first.id);
    expect(response.headers.connection).toBe('close');
  });
});
