import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../events';
import { makeJpeg, makePng } from '../test/fixtures';
import { auth, makeTestApp, OTHER_API_KEY, type TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { upload } from '../test/upload-helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});

const base = (sessionId: string) => `/api/v1/upload-sessions/${sessionId}`;

async function sessionWithPhotos(longPolling = true) {
  const session = await createSession(t.app, { long_polling: longPolling });
  const jpeg = makeJpeg(20, 10);
  const first = (await upload(t.app, session.id, jpeg, { filename: 'Été à Nice (1).jpg', source: 'gallery' })).json();
  const second = (await upload(t.app, session.id, makePng(5, 5), { filename: 'b.png' })).json();
  return { sessionId: session.id, first, second, jpeg };
}

describe('GET /api/v1/upload-sessions/:uuid/poll', () => {
  it('lists the photos not yet acknowledged, oldest first', async () => {
    const { sessionId, first, second, jpeg } = await sessionWithPhotos();
    const response = await t.app.inject({ method: 'GET', url: `${base(sessionId)}/poll`, headers: auth() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.json()).toEqual({
      images: [
        { id: first.id, filename: 'Été à Nice (1).jpg', size_bytes: jpeg.length, mime_type: 'image/jpeg', source: 'gallery', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), is_encrypted: false, e2e: false, width: 20, height: 10 },
        { id: second.id, filename: 'b.png', size_bytes: expect.any(Number), mime_type: 'image/png', source: 'camera', created_at: expect.any(String), is_encrypted: false, e2e: false, width: 5, height: 5 },
      ],
    });
  });

  it('needs the key that created the session, and long_polling', async () => {
    const { sessionId } = await sessionWithPhotos();
    expect((await t.app.inject({ method: 'GET', url: `${base(sessionId)}/poll` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `${base(sessionId)}/poll`, headers: auth(OTHER_API_KEY) })).statusCode).toBe(403);
    const plain = await createSession(t.app, { long_polling: false });
    const refused = await t.app.inject({ method: 'GET', url: `${base(plain.id)}/poll`, headers: auth() });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('long_polling_disabled');
  });
});

describe('GET /api/v1/upload-sessions/:uuid/images/:imageId', () => {
  it('sends the stored bytes as an attachment that nothing may sniff or cache', async () => {
    const { sessionId, first, jpeg } = await sessionWithPhotos();
    const response = await t.app.inject({ method: 'GET', url: `${base(sessionId)}/images/${first.id}`, headers: auth() });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(jpeg)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(jpeg.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="_t_ _ Nice (1).jpg"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Nice%20%281%29.jpg`,
      etag: expect.stringMatching(/^"[0-9a-f]{64}"$/),
    });
    const again = await t.app.inject({
      method: 'GET',
      url: `${base(sessionId)}/images/${first.id}`,
      headers: { ...auth(), 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('works without long_polling, but only for the owning key and for images of that session', async () => {
    const { sessionId, first } = await sessionWithPhotos(false);
    const url = `${base(sessionId)}/images/${first.id}`;
    expect((await t.app.inject({ method: 'GET', url, headers: auth() })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url, headers: auth(OTHER_API_KEY) })).statusCode).toBe(403);
    const other = await createSession(t.app);
    const crossed = await t.app.inject({ method: 'GET', url: `${base(other.id)}/images/${first.id}`, headers: auth() });
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().code).toBe('image_not_found');
    const malformed = await t.app.inject({ method: 'GET', url: `${base(sessionId)}/images/../../etc`, headers: auth() });
    expect(malformed.statusCode).toBe(404);
  });
});

describe('a stored photo missing from its store (the disk or the bucket)', () => {
  it('is a bare 500, and what gets logged names no path (paths hold session ids)', async () => {
    const { sessionId, first } = await sessionWithPhotos();
    await t.app.qrdrop.photos.remove({ sessionId, storageName: `${first.id}.jpg` });
    const logged = vi.spyOn(t.app.log, 'error');
    const response = await t.app.inject({ method: 'GET', url: `${base(sessionId)}/images/${first.id}`, headers: auth() });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.', code: 'internal' });
    expect(logged).toHaveBeenCalled();
    expect(JSON.stringify(logged.mock.calls, (_key, value: unknown) => (value instanceof Error ? value.message : value))).not.toContain(sessionId);
  });
});

describe('POST /api/v1/upload-sessions/:uuid/images/:imageId/ack', () => {
  it('acknowledges once (409 the second time), publishes image:acknowledged, and drops the image from poll', async () => {
    const { sessionId, first, second } = await sessionWithPhotos();
    const events: SessionEvent[] = [];
    t.app.qrdrop.events.subscribe(sessionId, (event) => events.push(event));
    const ack = () => t.app.inject({ method: 'POST', url: `${base(sessionId)}/images/${first.id}/ack`, headers: auth() });

    const response = await ack();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'acknowledged' });
    expect(events).toEqual([{ type: 'image:acknowledged', sessionId, imageId: first.id, at: expect.any(Number) }]);

    const twice = await ack();
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_acknowledged', message: 'This image was already acknowledged.' });
    expect(events).toHaveLength(1);

    const poll = await t.app.inject({ method: 'GET', url: `${base(sessionId)}/poll`, headers: auth() });
    expect(poll.json().images.map((image: { id: string }) => image.id)).toEqual([second.id]);
  });

  it('accepts an ack with an empty JSON body', async () => {
    const { sessionId, first } = await sessionWithPhotos();
    const response = await t.app.inject({
      method: 'POST',
      url: `${base(sessionId)}/images/${first.id}/ack`,
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(200);
  });

  it('404 for an unknown image, 403 without long_polling', async () => {
    const { sessionId } = await sessionWithPhotos();
    const unknown = await t.app.inject({ method: 'POST', url: `${base(sessionId)}/images/0b6a5d7e-3c1f-4a2b-9c8d-7e6f5a4b3c2d/ack`, headers: auth() });
    expect(unknown.statusCode).toBe(404);
    const plain = await sessionWithPhotos(false);
    const refused = await t.app.inject({ method: 'POST', url: `${base(plain.sessionId)}/images/${plain.first.id}/ack`, headers: auth() });
    expect(refused.statusCode).toBe(403);
  });
});
