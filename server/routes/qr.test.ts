import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qrMatrix } from '../qr/qr-matrix';
import { renderQr } from '../qr/render-qr';
import { auth, OTHER_API_KEY, type TestApp, makeTestApp } from '../test/helpers';
import { type CreatedSession, createSession } from '../test/sessions';

describe('GET /api/v1/upload-sessions/{uuid}/qr', () => {
  let t: TestApp;
  let session: CreatedSession;
  beforeEach(async () => {
    t = await makeTestApp();
    session = await createSession(t.app);
  });
  afterEach(async () => t.close());

  const qr = (query = '', key?: string, id = session.id) =>
    t.app.inject({ url: `/api/v1/upload-sessions/${id}/qr${query}`, headers: key === '' ? {} : auth(key) });

  it('answers a 512-pixel PNG of qr_url by default', async () => {
    const response = await qr();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const png = PNG.sync.read(response.rawPayload);
    expect([png.width, png.height]).toEqual([512, 512]);
    // The same bytes as rendering qr_url directly: the code encodes the page link and nothing else.
    expect(response.rawPayload.equals(renderQr(session.qr_url).body)).toBe(true);
  });

  it('passes every option through', async () => {
    const response = await qr('?format=svg&size=300&style=rounded&fg=112233&bg=eee&borderSize=1&borderColor=ff000080');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const across = qrMatrix(session.qr_url).size + 2;
    expect(response.body).toContain(`width="300" height="300" viewBox="0 0 ${across} ${across}"`);
    expect(response.body).toContain('fill="#112233"');
    expect(response.body).toContain('fill="#eeeeee"');
    expect(response.body).toContain('fill="#ff0000" fill-opacity="0.502"');
    expect(response.body).toMatch(/a0\.5 0\.5/);
  });

  it('tolerates a URL-encoded # before a colour', async () => {
    const response = await qr('?format=svg&fg=%23123456');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('fill="#123456"');
  });

  it('answers a JPEG for format=jpeg (and jpg)', async () => {
    for (const format of ['jpeg', 'jpg', 'JPEG']) {
      const response = await qr(`?format=${format}&size=128`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/jpeg');
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
  });

  it.each<[string, RegExp]>([
    ['?format=gif', /format must be one of png, svg, jpeg/],
    ['?style=dots', /style must be one of square, rounded/],
    ['?size=32', /size must be a whole number from 64 to 2048/],
    ['?size=4096', /size must be a whole number from 64 to 2048/],
    ['?size=big', /size must be a whole number from 64 to 2048/],
    ['?size=100&size=200', /size must be given once/],
    ['?borderSize=-1', /borderSize must be a whole number from 0 to 20/],
    ['?fg=red', /fg must be a hex colour/],
    ['?bg=1234567', /bg must be a hex colour/],
    ['?borderColor=xyz', /borderColor must be a hex colour/],
    ['?fg=fff', /fg and bg must be different colours/],
  ])('answers 400 for %s', async (query, message) => {
    const response = await qr(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_qr_option' });
    expect(response.json().message).toMatch(message);
  });

  it('needs the key that created the session', async () => {
    expect((await qr('', '')).statusCode).toBe(401);
    expect((await qr('', OTHER_API_KEY)).statusCode).toBe(403);
    expect((await qr('', undefined, '0b7e6f0e-3c1a-4d2b-8f4e-9a6c5d4b3a21')).statusCode).toBe(404);
    expect((await qr('', undefined, 'nope')).statusCode).toBe(404);
  });
});
