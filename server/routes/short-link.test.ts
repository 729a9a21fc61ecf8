import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, makeTestApp, type TestApp } from '../test/helpers';

/** `short_url` of the create answer (newer Go/Java SDKs): a random short path on qrdrop's origin to the page. */
describe('short_url', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(() => t.close());

  const create = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: {} })).json();

  it('redirects to the page of its session, with no cache and no Referer', async () => {
    const session = await create();
    const path = new URL(session.short_url).pathname;

    const response = await t.app.inject({ url: path });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(session.upload_url);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('carries 96 random bits: distinct per session, unrelated to the id; unknown codes are 404', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const session = await create();
      const code = new URL(session.short_url).pathname.slice(3);
      expect(Buffer.from(code, 'base64url')).toHaveLength(12);
      expect(session.id.replace(/-/g, '')).not.toContain(Buffer.from(code, 'base64url').toString('hex').slice(0, 8));
      codes.add(code);
    }
    expect(codes.size).toBe(20);
    expect((await t.app.inject({ url: '/l/AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/l/AAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
  });
});
