import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from '../test/helpers';
import { listenLocal } from '../test/http-client';
import { untilServerCloses } from '../test/raw-socket';
import { ScenarioSummary } from '../test/summary';
import { insertTestSession, uploadPath } from '../test/upload-helpers';
import { describeLeftovers, leftovers } from '../test/hostile-support';

/** Requests broken below HTTP's surface, over raw sockets: answered with a JSON envelope and closed. */
let t: TestApp;
let port: number;
const summary = new ScenarioSummary('hostile-raw');
beforeEach(async () => {
  t = await makeTestApp();
  port = await listenLocal(t.app);
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const statusLine = (text: string) => text.split('\r\n')[0] ?? '';
const bodyOf = (text: string): unknown => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('malformed HTTP', () => {
  it.each([
    ['headers over 16 KB', (id: string) => `POST ${uploadPath(id)} HTTP/1.1\r\nHost: x\r\nX-Fill: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['garbage request line', () => 'HELLO THERE\r\n\r\n', 400],
    ['both Content-Length and chunked (request smuggling)', (id: string) =>
      `POST ${uploadPath(id)} HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
    ['invalid chunk size', (id: string) => `POST ${uploadPath(id)} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`, 400],
  ])('%s: JSON error and closed, nothing stored', async (input, request, status) => {
    const sessionId = await insertTestSession(t.app);
    const closed = await untilServerCloses(port, (write) => write(request(sessionId)));
    // A request that got as far as the upload route cleans up after itself once its socket is gone.
    await vi.waitFor(async () => expect((await leftovers(t)).incoming).toBe(0));
    const left = await leftovers(t);
    summary.add(`${input} → ${statusLine(closed.received)}, closed by the server · ${describeLeftovers(left)}`);

    expect(statusLine(closed.received)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(bodyOf(closed.received)).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });
});
