import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { every, untilServerCloses } from '../test/raw-socket';
import { listenLocal } from '../test/http-client';
import { ScenarioSummary } from '../test/summary';
import { fileEnvelope, insertTestSession, uploadPath } from '../test/upload-helpers';
import { describeLeftovers, leftovers } from '../test/hostile-support';

/**
 * Slow and idle clients over real sockets, each against a server where only the deadline under test is short
 * (the others are a minute), so whichever way the machine schedules things, only that deadline can cut the
 * connection. The assertion is that the server closes it (and what it said first), never how long it took.
 */
const LONG = '60000';
const SHORT = '300';
const summary = new ScenarioSummary('timeouts');
afterAll(() => summary.flush());

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function serverWith(timeouts: { headers?: string; idle?: string; request?: string; keepAlive?: string }): Promise<{ t: TestApp; port: number }> {
  t = await makeTestApp({
    HEADERS_TIMEOUT_MS: timeouts.headers ?? LONG,
    IDLE_TIMEOUT_MS: timeouts.idle ?? LONG,
    REQUEST_TIMEOUT_MS: timeouts.request ?? LONG,
    KEEP_ALIVE_TIMEOUT_MS: timeouts.keepAlive ?? LONG,
  });
  return { t, port: await listenLocal(t.app) };
}

const firstLine = (text: string) => text.split('\r\n')[0] || '(nothing)';
/** The JSON body of a raw HTTP answer. */
const bodyOf = (text: string): unknown => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

/** An upload's request head and the first part of its body, as raw bytes. */
function partialUpload(sessionId: string, file: Buffer) {
  const envelope = fileEnvelope();
  const length = envelope.head.length + file.length + envelope.tail.length;
  const head = `POST ${uploadPath(sessionId)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${envelope.contentType}\r\nContent-Length: ${length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), envelope.head, file.subarray(0, file.length >> 1)]);
}

describe('slow or idle clients are cut off', () => {
  it('a client that connects and sends nothing: the quiet socket is closed (IDLE_TIMEOUT_MS)', async () => {
    const { port } = await serverWith({ idle: SHORT });
    const closed = await untilServerCloses(port, () => {});
    summary.add(`connect, send nothing (idle cut) → closed by the server, answer: ${firstLine(closed.received)}`);
    expect(closed.received).toBe('');
  });

  it('a client that connects and sends nothing: also cut by the headers deadline when the idle cut is long (HEADERS_TIMEOUT_MS)', async () => {
    const { port } = await serverWith({ headers: SHORT });
    const closed = await untilServerCloses(port, () => {});
    summary.add(`connect, send nothing (headers deadline) → closed by the server, answer: ${firstLine(closed.received)}`);
    expect(firstLine(closed.received)).toBe('HTTP/1.1 408 Request Timeout');
    expect(bodyOf(closed.received)).toEqual({ statusCode: 408, error: 'Request Timeout', message: 'Client Timeout' });
  });

  it('slowloris: a header line every 20 ms, never the end of the headers → 408 and closed', async () => {
    const { port } = await serverWith({ headers: SHORT });
    let lines = 0;
    const closed = await untilServerCloses(port, (write) => {
      write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      return every(20, () => {
        lines++;
        write(`X-Slow-${lines}: ${'a'.repeat(10)}\r\n`);
      });
    });
    summary.add(`slowloris (header line every 20 ms, ${lines} lines sent) → closed by the server, answer: ${firstLine(closed.received)}`);
    expect(firstLine(closed.received)).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('an upload whose body stalls half way: closed (idle cut), and nothing of it is kept', async () => {
    const { t, port } = await serverWith({ idle: SHORT });
    const sessionId = await insertTestSession(t.app);
    const closed = await untilServerCloses(port, (write) => write(partialUpload(sessionId, makeJpeg(300, 200, { noise: true }))));
    await vi.waitFor(async () => expect((await leftovers(t)).incoming).toBe(0));
    const left = await leftovers(t);
    summary.add(`upload body stalls after ${closed.written} bytes (idle cut) → closed by the server, answer: ${firstLine(closed.received)} · ${describeLeftovers(left)}`);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('an upload body trickling a byte every 20 ms (never idle): 408 at the request deadline, nothing kept', async () => {
    const { t, port } = await serverWith({ headers: SHORT, request: '600' });
    const sessionId = await insertTestSession(t.app);
    const closed = await untilServerCloses(port, (write) => {
      write(partialUpload(sessionId, makeJpeg(300, 200, { noise: true })));
      return every(20, () => write(Buffer.from([0x55])));
    });
    await vi.waitFor(async () => expect((await leftovers(t)).incoming).toBe(0));
    const left = await leftovers(t);
    summary.add(`upload body trickles 1 byte / 20 ms (request deadline) → closed by the server, answer: ${firstLine(closed.received)} · ${describeLeftovers(left)}`);
    expect(firstLine(closed.received)).toBe('HTTP/1.1 408 Request Timeout');
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
  });

  it('a kept-alive connection left idle after its answer is closed (KEEP_ALIVE_TIMEOUT_MS)', async () => {
    const { port } = await serverWith({ keepAlive: '200' });
    const closed = await untilServerCloses(port, (write) => write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n'));
    summary.add(`keep-alive connection idle after a 200 → closed by the server, answer: ${firstLine(closed.received)}`);
    expect(firstLine(closed.received)).toBe('HTTP/1.1 200 OK');
    expect(closed.received).toMatch(/\r\nconnection: keep-alive\r\n/i);
  });
});
