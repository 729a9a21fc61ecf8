import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { LIVE } from '../limits';
import { openDb } from '../db';
import { openSse, type SseStream } from '../test/sse-client';
import { InProcessLiveBus } from './live-bus';
import { resumeAfter } from './session-events';
import { SqliteSessionEvents } from './sqlite-session-events';
import { SseHub } from './sse-hub';
import { type Cleanup, createSession, defaultDestination, listeningApp, tempDir, uploadPhoto, withFolder } from '../test/delivery-fixtures';

describe('GET /api/v1/upload/{uuid}/events', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  const listening = (env: Record<string, string> = {}) => listeningApp(cleanup, env);

  async function stream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const opened = await openSse(url, headers);
    cleanup.push(() => opened.close());
    return opened;
  }

  it('is 404 for an unknown or malformed session, before anything streams', async () => {
    const { app } = await listening();
    const unknown = await app.inject({ url: '/api/v1/upload/6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f/events' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('Session not found.');
    expect((await app.inject({ url: '/api/v1/upload/not-a-uuid/events' })).statusCode).toBe(404);
  });

  it('streams connected, then image:ready, image:delivering, image:delivered and session:completed as they happen', async () => {
    const folder = tempDir();
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const { app, base } = await listening(withFolder(folder));
    const destinationId = await defaultDestination(app, cleanup);
    const sessionId = await createSession(app);
    const events = await stream(`${base}/api/v1/upload/${sessionId}/events`);

    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events.headers.get('cache-control')).toBe('no-store');
    expect(events.headers.get('x-accel-buffering')).toBe('no');
    const connected = await events.next();
    expect(connected).toEqual({ event: 'connected', data: expect.objectContaining({ sessionId, status: 'pending', imagesCount: 0 }) });

    const imageId = await uploadPhoto(app, sessionId, makeJpeg(8, 8), { filename: 'cat.jpg' });
    const ready = await events.next();
    expect(ready).toMatchObject({ event: 'image:ready', id: expect.any(String), data: { imageId, filename: 'cat.jpg', image: { filename: 'cat.jpg', index: 1 } } });
    // API.md: image:delivering when a delivery starts sending, then its outcome.
    expect(await events.next()).toMatchObject({ event: 'image:delivering', data: { imageId, destinationId, attempt: 1 } });
    const delivered = await events.next();
    expect(delivered).toMatchObject({ event: 'image:delivered', data: { imageId, destinationId } });
    // The stream needs no key: it must not reveal where on the server the folder copy went.
    expect(JSON.stringify(delivered.data)).not.toContain(folder);

    const completed = await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${sessionId}/complete`, headers: auth() });
    expect(completed.statusCode).toBe(200);
    expect(await events.next()).toMatchObject({ event: 'session:completed', data: { sessionId } });
  });

  it('replays what a client missed when it reconnects with Last-Event-ID', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    const first = await stream(`${base}/api/v1/upload/${sessionId}/events`);
    await first.next(); // connected
    const firstImage = await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    const seen = await first.next();
    expect(seen).toMatchObject({ event: 'image:ready', data: { imageId: firstImage } });
    first.close();

    // While the client is away: two more photos, and the session completes.
    const second = await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    const third = await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${sessionId}/complete`, headers: auth() });

    const again = await stream(`${base}/api/v1/upload/${sessionId}/events`, { 'last-event-id': seen.id ?? '' });
    const missed = [await again.next(), await again.next(), await again.next()];
    expect(missed.map((m) => [m.event, (m.data as { imageId?: string }).imageId])).toEqual([
      ['image:ready', second],
      ['image:ready', third],
      ['session:completed', undefined],
    ]);
    expect(await again.next()).toMatchObject({ event: 'connected', data: { status: 'completed', imagesCount: 3 } });

    // A fresh client (no Last-Event-ID) gets no replay, only the snapshot.
    const fresh = await stream(`${base}/api/v1/upload/${sessionId}/events`);
    expect((await fresh.next()).event).toBe('connected');
  });

  it('refuses more than a few open streams per session with 429', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    for (let i = 0; i < LIVE.sseStreamsPerSessionMax; i++) await (await stream(`${base}/api/v1/upload/${sessionId}/events`)).next();
    const refused = await fetch(`${base}/api/v1/upload/${sessionId}/events`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
  });

  it('ends open streams when the server closes, so shutdown is not held up', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    const events = await stream(`${base}/api/v1/upload/${sessionId}/events`);
    await events.next();
    expect(app.qrdrop.delivery.hub.openStreams).toBe(1);
    await app.close();
    await expect(events.next()).rejects.toThrow('stream ended');
  });
});

describe('SseHub heartbeat', () => {
  it('sends a heartbeat comment to open streams, and stops when the last one closes', async () => {
    const db = openDb(':memory:');
    const hub = new SseHub(new SqliteSessionEvents(db), new InProcessLiveBus(), (error) => {
      throw error;
    }, 10);
    const server = http.createServer((_request, response) => hub.open('s', response, undefined, { hello: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while ((text.match(/^: heartbeat\n\n/gm) ?? []).length < 2) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) throw new Error('stream ended');
        text += decoder.decode(chunk.value, { stream: true });
      }
      expect(text).toContain('event: connected');
      expect(hub.openStreams).toBe(1);
      controller.abort();
      await new Promise<void>((resolve) => {
        const check = () => (hub.openStreams === 0 ? resolve() : setImmediate(check));
        check();
      });
    } finally {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      db.close();
    }
  });
});

describe('resumeAfter', () => {
  it('resumes after one of our ids, replays nothing to a new client and everything kept for an id it cannot place', () => {
    expect(resumeAfter('3', 5)).toBe(3);
    expect(resumeAfter(' 5 ', 5)).toBe(5);
    expect(resumeAfter(undefined, 5)).toBe(5);
    expect(resumeAfter('', 5)).toBe(5);
    // The `<run>-<seq>` ids of the in-memory log before issue 13, a number ahead of the session, garbage.
    expect(resumeAfter('mi3k2x1a9f3e2c-17', 5)).toBe(0);
    expect(resumeAfter('6', 5)).toBe(0);
    expect(resumeAfter('garbage', 5)).toBe(0);
  });
});
