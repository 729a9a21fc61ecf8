/**
 * Socket.IO on two cluster instances: a client connected to B follows a session whose photos arrive on A, with the
 * SSE stream's events and payloads, in its order.
 */
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { createSession } from '../test/sessions';
import { openSse } from '../test/sse-client';
import { type TwoClusterInstances, twoInstances } from '../test/two-instances';
import { upload } from '../test/upload-helpers';

interface Received {
  event: string;
  data: unknown;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function listeningPair(): Promise<TwoClusterInstances & { baseOf: (app: FastifyInstance) => string }> {
  const opened = await twoInstances();
  cleanup.push(() => opened.close());
  const bases = new Map<FastifyInstance, string>();
  for (const app of [opened.a, opened.b]) bases.set(app, await app.listen({ port: 0, host: '127.0.0.1' }));
  return { ...opened, baseOf: (app) => bases.get(app) ?? '' };
}

function connect(base: string, transport: 'websocket' | 'polling'): { socket: Socket; received: Received[] } {
  const socket = io(`${base}/upload`, { path: '/socket.io', transports: [transport], reconnection: false, forceNew: true });
  cleanup.push(() => void socket.close());
  const received: Received[] = [];
  socket.onAny((event: string, data: unknown) => received.push({ event, data }));
  return { socket, received };
}

const join = (socket: Socket, argument: unknown) => socket.timeout(5000).emitWithAck('session:join', argument) as Promise<{ ok: boolean; error?: string }>;

/** Waits until `count` events have arrived (the test's timeout bounds the wait). */
async function receivedAtLeast(received: Received[], count: number): Promise<void> {
  while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('Socket.IO across two cluster instances', () => {
  for (const transport of ['websocket', 'polling'] as const) {
    it(`over ${transport}: a socket on B gets the photos uploaded on A in order, as B's SSE stream does`, async () => {
      const { a, b, baseOf } = await listeningPair();
      const { id } = await createSession(a);
      const { socket, received } = connect(baseOf(b), transport);
      expect(await join(socket, id)).toEqual({ ok: true });
      const sse = await openSse(`${baseOf(b)}/api/v1/upload/${id}/events`);
      cleanup.push(() => sse.close());
      await sse.next(); // connected

      const uploaded: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const answer = await upload(a, id, makeJpeg(16, 12), { filename: `photo-${i}.jpg` });
        expect(answer.statusCode).toBe(201);
        uploaded.push(answer.json<{ id: string }>().id);
      }
      expect((await a.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/complete`, headers: auth() })).statusCode).toBe(200);
      const fromSse = [];
      for (let i = 0; i < 6; i++) fromSse.push(await sse.next());
      await receivedAtLeast(received, 6);

      expect(received.map((r) => r.event)).toEqual([...uploaded.map(() => 'image:ready'), 'session:completed']);
      expect(received.slice(0, 5).map((r) => (r.data as { imageId: string }).imageId)).toEqual(uploaded);
      expect(received).toEqual(fromSse.map(({ event, data }) => ({ event, data })));
    });
  }

  it('joins on B a protected session made on A only with its password or access token, and gets nothing before', async () => {
    const { a, b, env, baseOf } = await listeningPair();
    const { id } = await createSession(a, { password: 'right horse battery' });
    const { socket, received } = connect(baseOf(b), 'websocket');
    expect(await join(socket, { uuid: id })).toEqual({ ok: false, error: 'wrong_password' });
    expect((await upload(a, id, makeJpeg(16, 12), { headers: { 'x-session-password': 'right horse battery' } })).statusCode).toBe(201);
    // The 201 goes out as its event is being stored: wait until it is, so that it is before the join.
    while ((await env.rows('SELECT event_seq FROM sessions WHERE id = $1', [id])).some((row) => (row as { event_seq: number }).event_seq < 1)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { access } = (await a.inject({ url: `/api/v1/upload-sessions/${id}/events-access`, headers: auth() })).json<{ access: string }>();
    expect(await join(socket, { uuid: id, access })).toEqual({ ok: true });

    const second = await upload(a, id, makeJpeg(16, 12), { headers: { 'x-session-password': 'right horse battery' } });
    expect(second.statusCode).toBe(201);
    await receivedAtLeast(received, 1);
    // Only the photo that arrived after the join.
    expect(received).toEqual([{ event: 'image:ready', data: expect.objectContaining({ imageId: second.json<{ id: string }>().id }) }]);
  });
});
