import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MB } from '../limits';
import { auth, type TestApp, makeTestApp } from '../test/helpers';

const HOUR = 60 * 60 * 1000;

describe('POST /api/v1/upload-sessions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(async () => t.close());

  /** Sends `payload` as JSON text (so `null` and arrays go out as they are), or no body at all. */
  const create = (payload?: unknown) =>
    payload === undefined
      ? t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth() })
      : t.app.inject({
          method: 'POST',
          url: '/api/v1/upload-sessions',
          headers: { ...auth(), 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });

  it('creates a session with the defaults and answers every field of the 201', async () => {
    const before = t.app.qrdrop.now();
    const response = await create({});
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toEqual({
      id: body.id,
      uuid: body.id,
      upload_url: `http://qrdrop.test/u/${body.id}`,
      qr_url: `http://qrdrop.test/u/${body.id}`,
      qr_specs: {
        endpoint: `http://qrdrop.test/api/v1/upload-sessions/${body.id}/qr`,
        formats: ['png', 'svg', 'jpeg'],
        params: { format: 'png', size: '512', style: 'square', fg: '000000', bg: 'ffffff', borderSize: '4', borderColor: 'ffffff' },
        param_specs: expect.objectContaining({ size: { min: 64, max: 2048, default: 512 } }),
      },
      destinations: [],
      long_polling: false,
      expires_at: expect.any(String),
      password_protected: false,
      env: 'test',
      short_url: expect.stringMatching(/^http:\/\/qrdrop\.test\/l\/[A-Za-z0-9_-]{16}$/),
    });
    const expiresAt = Date.parse(body.expires_at);
    expect(expiresAt - before).toBeGreaterThanOrEqual(HOUR);
    expect(expiresAt - t.app.qrdrop.now()).toBeLessThanOrEqual(HOUR);
    expect(response.headers['cache-control']).toBe('no-store');

    const page = (await t.app.inject({ url: `/api/v1/upload/${body.id}/session` })).json();
    expect(page).toMatchObject({
      effectiveMaxImages: 10,
      effectiveAllowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
      effectiveMaxImageDimension: null,
      effectiveMaxImageSizeBytes: 20 * MB,
      tags: [],
      label: null,
    });
  });

  it('accepts a request without any body', async () => {
    const response = await create();
    expect(response.statusCode).toBe(201);
  });

  it('stores every field it is given', async () => {
    const webhook = async (name: string) =>
      (
        await t.app.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(), payload: { type: 'webhook', name, url: 'https://hooks.example.org/in' } })
      ).json<{ id: string }>().id;
    const [first, second] = [await webhook('CRM'), await webhook('Archive')];
    const response = await create({
      max_images: 3,
      allowed_mime_types: ['image/png', 'IMAGE/JPEG', 'image/png'],
      max_image_dimension: 4000,
      max_image_size_mb: 2.5,
      expires_in_hours: 5,
      password: 'open sesame',
      tags: [' order-42 ', 'desk'],
      long_polling: true,
      label: '  Receipts  ',
      destination_ids: [first, second, first, 'not-a-destination'],
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      long_polling: true,
      password_protected: true,
      destinations: [
        { id: first, type: 'webhook', name: 'CRM' },
        { id: second, type: 'webhook', name: 'Archive' },
      ],
    });
    expect(Date.parse(body.expires_at) - t.app.qrdrop.now()).toBeGreaterThan(5 * HOUR - 60_000);
    const page = (await t.app.inject({ url: `/api/v1/upload/${body.id}/session` })).json();
    expect(page).toMatchObject({
      effectiveMaxImages: 3,
      effectiveAllowedMimeTypes: ['image/png', 'image/jpeg'],
      effectiveMaxImageDimension: 4000,
      effectiveMaxImageSizeBytes: Math.round(2.5 * MB),
      tags: ['order-42', 'desk'],
      label: 'Receipts',
      password_protected: true,
    });
  });

  it('takes an absolute expires_at', async () => {
    const at = new Date(t.app.qrdrop.now() + 3 * HOUR).toISOString();
    const response = await create({ expires_at: at });
    expect(response.statusCode).toBe(201);
    expect(response.json().expires_at).toBe(at);
  });

  it('stores the password hashed and never returns it', async () => {
    const response = await create({ password: 'hunter22' });
    const { id } = response.json();
    expect(response.body).not.toContain('hunter22');
    const [row] = await t.rows('SELECT password_hash FROM sessions WHERE id = $1', [id]);
    const stored = (row as { password_hash: string } | undefined)?.password_hash;
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain('hunter22');
    for (const url of [`/api/v1/upload-sessions/${id}`, `/api/v1/upload/${id}/session`, '/api/v1/sessions', '/api/v1/sessions/recent']) {
      const read = await t.app.inject({ url, headers: auth() });
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain('hunter22');
      expect(read.body).not.toContain('scrypt');
    }
  });

  it('uses MAX_IMAGE_SIZE_MB as the default size limit', async () => {
    await t.close();
    t = await makeTestApp({ MAX_IMAGE_SIZE_MB: '7' });
    const { id } = (await create({})).json();
    const page = (await t.app.inject({ url: `/api/v1/upload/${id}/session` })).json();
    expect(page.effectiveMaxImageSizeBytes).toBe(7 * MB);
  });

  it.each<[string, unknown, RegExp]>([
    ['a body that is not an object', [1, 2], /body must be a JSON object/],
    ['a JSON null body', null, /body must be a JSON object/],
    ['max_images 0', { max_images: 0 }, /max_images must be a whole number from 1 to 200/],
    ['max_images 201', { max_images: 201 }, /max_images must be a whole number from 1 to 200/],
    ['max_images 2.5', { max_images: 2.5 }, /max_images must be a whole number/],
    ['max_images as text', { max_images: '5' }, /max_images must be a whole number/],
    ['an unknown type', { allowed_mime_types: ['image/gif'] }, /allowed_mime_types must contain only image\/jpeg/],
    ['an empty type list', { allowed_mime_types: [] }, /allowed_mime_types must name at least one type/],
    ['types as a string', { allowed_mime_types: 'image/png' }, /allowed_mime_types must be an array/],
    ['max_image_dimension 0', { max_image_dimension: 0 }, /max_image_dimension must be a whole number from 16/],
    ['max_image_size_mb 0', { max_image_size_mb: 0 }, /max_image_size_mb must be a number from 0.1 to 200/],
    ['max_image_size_mb 500', { max_image_size_mb: 500 }, /max_image_size_mb must be a number from 0.1 to 200/],
    ['expires_in_hours 0', { expires_in_hours: 0 }, /expires_in_hours must be a whole number from 1 to 168/],
    ['expires_in_hours 169', { expires_in_hours: 169 }, /expires_in_hours must be a whole number from 1 to 168/],
    ['expires_at without a time zone', { expires_at: '2030-01-01T12:00:00' }, /expires_at must be an ISO 8601 date-time with a time zone/],
    ['expires_at as a number', { expires_at: 1893499200000 }, /expires_at must be an ISO 8601 date-time/],
    ['expires_at in the past', { expires_at: '2001-01-01T00:00:00Z' }, /expires_at must be in the future/],
    ['expires_at a year ahead', { expires_at: 'FAR' }, /expires_at must be at most 168 hours from now/],
    ['both expiries', { expires_in_hours: 2, expires_at: 'SOON' }, /either expires_in_hours or expires_at, not both/],
    ['a 3-character password', { password: 'abc' }, /password must be a string of 4 to 128 characters/],
    ['a 129-character password', { password: 'x'.repeat(129) }, /password must be a string of 4 to 128 characters/],
    ['a numeric password', { password: 1234 }, /password must be a string/],
    ['tags as a string', { tags: 'a,b' }, /tags must be an array of strings/],
    ['an empty tag', { tags: ['ok', '  '] }, /each tag must be a non-empty string/],
    ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /tags may hold at most 50 tags/],
    ['long_polling as text', { long_polling: 'yes' }, /long_polling must be true or false/],
    ['a 201-character label', { label: 'x'.repeat(201) }, /label must be at most 200 characters/],
    ['destination_ids of numbers', { destination_ids: [1] }, /each destination id must be a non-empty string/],
  ])('answers 400 naming the field for %s', async (_label, payload, message) => {
    const now = t.app.qrdrop.now();
    const body = JSON.parse(
      JSON.stringify(payload)
        .replace('"FAR"', JSON.stringify(new Date(now + 365 * 24 * HOUR).toISOString()))
        .replace('"SOON"', JSON.stringify(new Date(now + HOUR).toISOString())),
    );
    const response = await create(body);
    expect(response.statusCode).toBe(400);
    const error = response.json();
    expect(error).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_field' });
    expect(error.message).toMatch(message);
    expect(await t.rows('SELECT COUNT(*) AS n FROM sessions')).toEqual([{ n: 0 }]);
  });

  it('lists every bad field at once', async () => {
    const response = await create({ max_images: 0, password: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/max_images.*; password/);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/upload-sessions',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: '{"max_images": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('ignores fields it does not know, so SDKs that send more keep working', async () => {
    const response = await create({ webhook_url: 'https://example.com', max_images: 2 });
    expect(response.statusCode).toBe(201);
  });
});
