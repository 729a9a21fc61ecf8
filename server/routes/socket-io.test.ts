import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { openSse } from '../test/sse-client';
import { type Cleanup, createSession, defaultDestination, listeningApp, tempDir, uploadPhoto, withFolder } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';

interface Received {
  event: string;
  data: unknown;
}

/** Socket.IO `/upload` as Apertur's Java SDK 0.2.0 uses it: join a session, then get the SSE stream's events. */
describe('Socket.IO namespace /upload', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  const connect = (base: string, transport: 'websocket' | 'polling'): Socket => {
    const socket = io(`${base}/upload`, { path: '/socket.io', transports: [transport], reconnection: false, forceNew: true });
    cleanup.push(() => void socket.close());
    return socket;
  };
  const join = (socket: Socket, argument: unknown) => socket.timeout(5000).emitWithAck('session:join', argument) as Promise<{ ok: boolean; error?: string }>;
  const collect = (socket: Socket): Received[] => {
    const received: Received[] = [];
    socket.onAny((event: string, data: unknown) => received.push({ event, data }));
    return received;
  };

  for (const transport of ['websocket', 'polling'] as const) {
    it(`over ${transport}: session:join acks {ok}, then the same events and payloads as the SSE stream, in order`, async () => {
      const folder = tempDir();
      cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
      const { app, base } = await listeningApp(cleanup, withFolder(folder));
      await defaultDestination(app, cleanup);
      const sessionId = await createSession(app);
      const socket = connect(base, transport);
      const received = collect(socket);
      const sse = await openSse(`${base}/api/v1/upload/${sessionId}/events`);
      cleanup.push(() => sse.close());
      await sse.next(); // connected

      expect(await join(socket, sessionId)).toEqual({ ok: true });
      expect(await join(socket, '6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f')).toEqual({ ok: false, error: 'Session not found' });
      expect(await join(socket, { nonsense: true })).toEqual({ ok: false, error: 'Session not found' });

      await uploadPhoto(app, sessionId, makeJpeg(8, 8));
      const fromSse = [await sse.next(), await sse.next(), await sse.next()];
      await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${sessionId}/complete`, headers: auth() });
      fromSse.push(await sse.next());
      for (let i = 0; i < 400 && received.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 5));

      expect(received.map((r) => r.event)).toEqual(['image:ready', 'image:delivering', 'image:delivered', 'session:completed']);
      expect(received).toEqual(fromSse.map(({ event, data }) => ({ event, data })));
    });
  }

  it('a socket that joined nothing gets nothing', async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { long_polling: true });
    const socket = connect(base, 'websocket');
    const received = collect(socket);
    const other = await createSession(app);
    expect(await join(socket, other)).toEqual({ ok: true });
    await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${other}/complete`, headers: auth() });
    for (let i = 0; i < 400 && received.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received.map((r) => r.event)).toEqual(['session:completed']);
  });
});
