import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../events';
import { MB } from '../limits';
import { auth, OTHER_API_KEY, type TestApp, makeTestApp } from '../test/helpers';
import { addImages, createSession } from '../test/sessions';

const HOUR = 60 * 60 * 1000;
const UNKNOWN_ID = '0b7e6f0e-3c1a-4d2b-8f4e-9a6c5d4b3a21';

describe('integrator routes of one session', () => {
  let t: TestApp;
  let events: SessionEvent[];
  beforeEach(async () => {
    t = await makeTestApp();
    events = [];
    t.app.qrdrop.events.subscribe('*', (event) => events.push(event));
  });
  afterEach(async () => t.close());

  const read = (id: string, key?: string) => t.app.inject({ url: `/api/v1/upload-sessions/${id}`, headers: auth(key) });
  const patch = (id: string, payload: object, key?: string) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/upload-sessions/${id}`, headers: auth(key), payload });
  const complete = (id: string, key?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${id}/complete`, headers: auth(key) });

  describe('GET /api/v1/upload-sessions/{uuid}', () => {
    it('answers the create fields, the page fields and the bookkeeping times', async () => {
      const created = await createSession(t.app, { tags: ['a'], label: 'Desk', long_polling: true });
      await addImages(t.app, created.id, 2);
      const response = await read(created.id);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(body).toMatchObject({
        id: created.id,
        uuid: created.id,
        upload_url: created.upload_url,
        qr_url: created.qr_url,
        expires_at: created.expires_at,
        expiresAt: created.expires_at,
        status: 'active',
        imagesCount: 2,
        tags: ['a'],
        label: 'Desk',
        long_polling: true,
        password_protected: false,
        env: 'test',
        completedAt: null,
      });
      expect(Date.parse(body.createdAt)).toBeLessThanOrEqual(t.app.qrdrop.now());
      expect(body.updatedAt).toBe(body.createdAt);
    });

    it('answers 404 for an unknown id and the same 404 for a malformed one', async () => {
      const unknown = await read(UNKNOWN_ID);
      const malformed = await read('not-a-uuid');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Session not found.', code: 'session_not_found' });
      expect(malformed.statusCode).toBe(404);
      expect(malformed.json()).toEqual(unknown.json());
    });

    it('answers 403 to a key that did not create the session', async () => {
      const created = await createSession(t.app);
      const response = await read(created.id, OTHER_API_KEY);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ statusCode: 403, code: 'forbidden' });
    });

    it('reports expired once the clock passes expires_at', async () => {
      const created = await createSession(t.app, { expires_in_hours: 1 });
      t.advance(HOUR - 1000);
      expect((await read(created.id)).json().status).toBe('pending');
      t.advance(1000);
      expect((await read(created.id)).json().status).toBe('expired');
    });
  });

  describe('PATCH /api/v1/upload-sessions/{uuid}', () => {
    it('changes the listed settings, answers the session shape and publishes session:updated', async () => {
      const created = await createSession(t.app);
      const expiresAt = new Date(t.app.qrdrop.now() + 5 * HOUR).toISOString();
      t.advance(1000);
      const response = await patch(created.id, {
        expires_at: expiresAt,
        max_images: 50,
        allowed_mime_types: ['image/heic'],
        max_image_dimension: 2000,
        max_image_size_mb: 1,
        password: 'secret-4',
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        id: created.id,
        expires_at: expiresAt,
        effectiveMaxImages: 50,
        effectiveAllowedMimeTypes: ['image/heic'],
        effectiveMaxImageDimension: 2000,
        effectiveMaxImageSizeBytes: MB,
        password_protected: true,
      });
      expect(body.updatedAt).not.toBe(body.createdAt);
      expect(response.body).not.toContain('secret-4');
      expect(events).toEqual([{ type: 'session:updated', sessionId: created.id, at: Date.parse(body.updatedAt) }]);
      // Persisted, not only echoed.
      expect((await read(created.id)).json()).toMatchObject({ effectiveMaxImages: 50, password_protected: true });
    });

    it('removes the password with null, and the dimension limit with null', async () => {
      const created = await createSession(t.app, { password: 'abcd', max_image_dimension: 1000 });
      const response = await patch(created.id, { password: null, max_image_dimension: null });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ password_protected: false, effectiveMaxImageDimension: null });
    });

    it('leaves everything alone for an empty body', async () => {
      const created = await createSession(t.app, { max_images: 4 });
      const response = await patch(created.id, {});
      expect(response.statusCode).toBe(200);
      expect(response.json().effectiveMaxImages).toBe(4);
      expect(events).toEqual([]);
    });

    it.each<[string, object, RegExp]>([
      ['max_images null', { max_images: null }, /max_images must be a whole number from 1 to 200/],
      ['an unknown type', { allowed_mime_types: ['text/html'] }, /allowed_mime_types must contain only/],
      ['a short password', { password: 'abc' }, /password must be a string of 4 to 128 characters/],
      ['expires_at in the past', { expires_at: '2001-01-01T00:00:00Z' }, /expires_at must be in the future/],
      ['max_image_size_mb as text', { max_image_size_mb: 'big' }, /max_image_size_mb must be a number/],
    ])('answers 400 for %s and changes nothing', async (_label, payload, message) => {
      const created = await createSession(t.app, { max_images: 4 });
      const response = await patch(created.id, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(message);
      expect((await read(created.id)).json().effectiveMaxImages).toBe(4);
      expect(events).toEqual([]);
    });

    it('refuses max_images below the photos already received', async () => {
      const created = await createSession(t.app);
      await addImages(t.app, created.id, 3);
      const response = await patch(created.id, { max_images: 2 });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/max_images cannot be below the 3 photos already received/);
      expect((await patch(created.id, { max_images: 3 })).statusCode).toBe(200);
    });

    it('extends an expired session by moving expires_at', async () => {
      const created = await createSession(t.app, { expires_in_hours: 1 });
      t.advance(2 * HOUR);
      expect((await read(created.id)).json().status).toBe('expired');
      const response = await patch(created.id, { expires_at: new Date(t.app.qrdrop.now() + HOUR).toISOString() });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe('pending');
    });

    it('answers 409 on a completed session, 403 for another key, 404 for an unknown id', async () => {
      const created = await createSession(t.app);
      expect((await patch(created.id, { max_images: 5 }, OTHER_API_KEY)).statusCode).toBe(403);
      expect((await patch(UNKNOWN_ID, { max_images: 5 })).statusCode).toBe(404);
      expect((await complete(created.id)).statusCode).toBe(200);
      const response = await patch(created.id, { max_images: 5 });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ statusCode: 409, code: 'session_completed' });
    });
  });

  describe('POST /api/v1/upload-sessions/{uuid}/complete', () => {
    it('completes the session once, publishes session:completed, and answers 409 the second time', async () => {
      const created = await createSession(t.app);
      await addImages(t.app, created.id, 1);
      const first = await complete(created.id);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ id: created.id, status: 'completed', imagesCount: 1 });
      const completedAt = Date.parse(first.json().completedAt);
      expect(completedAt).toBeLessThanOrEqual(t.app.qrdrop.now());
      expect(completedAt).toBeGreaterThanOrEqual(Date.parse(first.json().createdAt));
      expect(events).toEqual([{ type: 'session:completed', sessionId: created.id, at: completedAt }]);

      const second = await complete(created.id);
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'session_completed' });
      expect(events).toHaveLength(1);
      expect((await read(created.id)).json().status).toBe('completed');
    });

    it('answers 410 for an expired session, 403 for another key, 404 for unknown and malformed ids', async () => {
      const created = await createSession(t.app, { expires_in_hours: 1 });
      expect((await complete(created.id, OTHER_API_KEY)).statusCode).toBe(403);
      expect((await complete(UNKNOWN_ID)).statusCode).toBe(404);
      expect((await complete('../etc')).statusCode).toBe(404);
      t.advance(HOUR);
      const expired = await complete(created.id);
      expect(expired.statusCode).toBe(410);
      expect(expired.json()).toMatchObject({ statusCode: 410, code: 'session_expired' });
      expect(events).toEqual([]);
    });
  });
});
