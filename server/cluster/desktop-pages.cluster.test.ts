/**
 * The desktop view on a cluster: its HTML is served by every instance, and every call the desk makes answers on an
 * instance other than the one that made the session. The calls are those of src/desktop/api/ and
 * src/desktop/live/events-url.ts, as the desk sends them (the server may not import the desk's modules).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { createSession } from '../test/sessions';
import { openSse } from '../test/sse-client';
import { type TwoClusterInstances, twoInstances } from '../test/two-instances';
import { upload } from '../test/upload-helpers';

const DESK_HTML = '<!doctype html><title>desk</title>';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A build folder with the desktop page, and two listening instances serving it. */
async function twoInstancesWithDesk(): Promise<TwoClusterInstances & { baseOf: (app: FastifyInstance) => string }> {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-desk-dist-'));
  fs.writeFileSync(path.join(dist, 'desktop.html'), DESK_HTML);
  cleanup.push(() => fs.rmSync(dist, { recursive: true, force: true }));
  const opened = await twoInstances({ DIST_DIR: dist });
  cleanup.push(() => opened.close());
  const bases = new Map<FastifyInstance, string>();
  for (const app of [opened.a, opened.b]) bases.set(app, await app.listen({ port: 0, host: '127.0.0.1' }));
  return { ...opened, baseOf: (app) => bases.get(app) ?? '' };
}

/** A call as the desk makes it (src/desktop/api/integrator-fetch.ts): the key as a Bearer token, nothing cached. */
const deskCall = (base: string, url: string, init: RequestInit = {}) =>
  fetch(`${base}${url}`, { ...init, cache: 'no-store', headers: { accept: 'application/json', ...auth(), ...init.headers } });

const okJson = async <T>(response: Response): Promise<T> => {
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

describe('the desktop view on two cluster instances', () => {
  it.each(['/', '/s/6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f'])('serves the desktop page at %s on both instances, not the built file by name', async (url) => {
    const { a, b } = await twoInstancesWithDesk();
    for (const app of [a, b]) {
      const page = await app.inject({ url });
      expect(page.statusCode).toBe(200);
      expect(page.body).toBe(DESK_HTML);
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect((await app.inject({ url: '/desktop.html' })).statusCode).toBe(404);
    }
  });

  it('answers on B every call the desk makes for a session created on A, its live events included', async () => {
    const { a, b, baseOf } = await twoInstancesWithDesk();
    const created = await deskCall(baseOf(a), '/api/v1/upload-sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const onB = baseOf(b);
    const session = `/api/v1/upload-sessions/${id}`;
    expect((await okJson<{ id: string }[]>(await deskCall(onB, '/api/v1/sessions/recent?limit=20'))).map((row) => row.id)).toEqual([id]);
    expect(await okJson(await deskCall(onB, session))).toMatchObject({ id, status: 'pending', imagesCount: 0, password_protected: false });
    const qr = await deskCall(onB, `${session}/qr?format=svg&size=512`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await okJson(await deskCall(onB, `${session}/events-access`))).toEqual({ access: null });
    const live = await openSse(`${onB}/api/v1/upload/${id}/events`);
    cleanup.push(() => live.close());
    expect(await live.next()).toMatchObject({ event: 'connected', data: { sessionId: id, imagesCount: 0 } });

    const photo = makeJpeg(32, 24);
    const uploaded = await upload(a, id, photo, { filename: 'from-a.jpg' });
    expect(uploaded.statusCode).toBe(201);
    const imageId = uploaded.json<{ id: string }>().id;
    expect(await live.next()).toMatchObject({ id: '1', event: 'image:ready', data: { imageId, filename: 'from-a.jpg' } });
    expect(await okJson(await deskCall(onB, `${session}/delivery-status`))).toMatchObject({
      status: 'active',
      files: [{ record_id: imageId, filename: 'from-a.jpg' }],
    });
    const image = await deskCall(onB, `${session}/images/${imageId}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-disposition')).toContain('from-a.jpg');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(photo);
  });

  it('follows a protected session made on A through the access token B hands out', async () => {
    const { a, b, baseOf } = await twoInstancesWithDesk();
    const { id } = await createSession(a, { password: 'right horse battery' });
    const onB = baseOf(b);
    expect(await okJson(await deskCall(onB, `/api/v1/upload-sessions/${id}`))).toMatchObject({ id, password_protected: true });
    const { access } = await okJson<{ access: string | null }>(await deskCall(onB, `/api/v1/upload-sessions/${id}/events-access`));
    expect(access).toMatch(/^[\w-]+$/);

    // Without the token the stream is refused; with the token B gave, A streams.
    const events = `${baseOf(a)}/api/v1/upload/${id}/events`;
    expect((await fetch(events)).status).toBe(401);
    const live = await openSse(`${events}?access=${encodeURIComponent(access ?? '')}`);
    cleanup.push(() => live.close());
    expect(live.status).toBe(200);
    expect(await live.next()).toMatchObject({ event: 'connected', data: { sessionId: id } });
  });
});
