import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { upload } from '../test/upload-helpers';
import { openSse, type SseStream } from '../test/sse-client';
import { type Cleanup, createSession, listeningApp } from '../test/delivery-fixtures';

const PASSWORD = 'right horse';

/** Issue 11, finding 6: a protected session's live events tell nothing to whoever lacks its password. */
describe('the live events of a password-protected session', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function stream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const opened = await openSse(url, headers);
    cleanup.push(() => opened.close());
    return opened;
  }
  const sendPhoto = async (app: Parameters<typeof upload>[0], sessionId: string) => {
    const response = await upload(app, sessionId, makeJpeg(8, 8), { filename: 'secret-invoice.jpg', headers: { 'x-session-password': PASSWORD } });
    expect(response.statusCode).toBe(201);
  };

  it('refuses the SSE stream with 401 wrong_password, before anything streams, without the password or with a wrong one', async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: PASSWORD });
    for (const headers of [{}, { 'x-session-password': 'wrong horse' }] as Record<string, string>[]) {
      const events = await stream(`${base}/api/v1/upload/${sessionId}/events`, headers);
      expect(events.status).toBe(401);
      expect(events.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect((await stream(`${base}/api/v1/upload/${sessionId}/events?access=forged`)).status).toBe(401);
    expect(app.qrdrop.delivery.hub.openStreams).toBe(0);
  });

  it('streams every event, with file names, to a client that sends the password header', async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: PASSWORD });
    const events = await stream(`${base}/api/v1/upload/${sessionId}/events`, { 'x-session-password': PASSWORD });
    expect(events.status).toBe(200);
    expect(await events.next()).toMatchObject({ event: 'connected', data: { sessionId } });
    await sendPhoto(app, sessionId);
    expect(await events.next()).toMatchObject({ event: 'image:ready', data: { filename: 'secret-invoice.jpg', image: { size_bytes: expect.any(Number) } } });
  });

  it("streams to the key holder's EventSource with ?access= from events-access, until the password changes", async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: PASSWORD });
    const open = await createSession(app);
    const token = await app.inject({ url: `/api/v1/upload-sessions/${sessionId}/events-access`, headers: auth() });
    expect(token.statusCode).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    const { access } = token.json<{ access: string }>();
    expect(access).toMatch(/^[\w-]{43}$/);
    expect((await app.inject({ url: `/api/v1/upload-sessions/${open}/events-access`, headers: auth() })).json()).toEqual({ access: null });
    expect((await app.inject({ url: `/api/v1/upload-sessions/${sessionId}/events-access` })).statusCode).toBe(401);

    const events = await stream(`${base}/api/v1/upload/${sessionId}/events?access=${access}`);
    expect(events.status).toBe(200);
    await events.next(); // connected
    await sendPhoto(app, sessionId);
    expect(await events.next()).toMatchObject({ event: 'image:ready', data: { filename: 'secret-invoice.jpg' } });

    const changed = await app.inject({ method: 'PATCH', url: `/api/v1/upload-sessions/${sessionId}`, headers: auth(), payload: { password: 'new horse' } });
    expect(changed.statusCode).toBe(200);
    expect((await stream(`${base}/api/v1/upload/${sessionId}/events?access=${access}`)).status).toBe(401);
  });

  it('counts a wrong password on the stream as a guess: 429 for that client alone', async () => {
    const { app } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: PASSWORD });
    const guess = (remoteAddress: string, password: string) =>
      app.inject({ url: `/api/v1/upload/${sessionId}/events`, headers: { 'x-session-password': password }, remoteAddress });
    for (let i = 0; i < 10; i++) expect((await guess('198.51.100.9', `g${i}`)).statusCode).toBe(401);
    expect((await guess('198.51.100.9', 'g')).statusCode).toBe(429);
    const phone = await app.inject({ method: 'POST', url: `/api/v1/upload/${sessionId}/verify-password`, payload: { password: PASSWORD }, remoteAddress: '192.0.2.44' });
    expect(phone.json()).toEqual({ valid: true });
  });

  it('Socket.IO session:join: refused without the password, and nothing arrives; joined with it, the events arrive', async () => {
    const { app, base } = await listeningApp(cleanup);
    const sessionId = await createSession(app, { password: PASSWORD });
    const connect = (): { socket: Socket; received: string[] } => {
      const socket = io(`${base}/upload`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
      cleanup.push(() => void socket.close());
      const received: string[] = [];
      socket.onAny((event: string, data: unknown) => received.push(`${event} ${JSON.stringify(data)}`));
      return { socket, received };
    };
    const join = (socket: Socket, argument: unknown) => socket.timeout(5000).emitWithAck('session:join', argument) as Promise<unknown>;
    const outsider = connect();
    const insider = connect();
    expect(await join(outsider.socket, sessionId)).toEqual({ ok: false, error: 'wrong_password' });
    expect(await join(outsider.socket, { uuid: sessionId, password: 'wrong horse' })).toEqual({ ok: false, error: 'wrong_password' });
    expect(await join(insider.socket, { uuid: sessionId, password: PASSWORD })).toEqual({ ok: true });

    await sendPhoto(app, sessionId);
    for (let i = 0; i < 400 && insider.received.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(insider.received[0]).toContain('secret-invoice.jpg');
    expect(outsider.received).toEqual([]);
  });
});
