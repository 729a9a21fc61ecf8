import { afterEach, describe, expect, it } from 'vitest';
import { auth, makeTestApp, type TestApp } from '../test/helpers';

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('GET /api/v1/encryption/server-key', () => {
  it('answers one SPKI PEM per server, the same after a restart on its data directory', async () => {
    test = await makeTestApp();
    const first = await test.app.inject({ method: 'GET', url: '/api/v1/encryption/server-key', headers: auth() });
    expect(first.statusCode).toBe(200);
    const { publicKey } = first.json<{ publicKey: string }>();
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const again = await test.app.inject({ method: 'GET', url: '/api/v1/encryption/server-key', headers: auth() });
    expect(again.json()).toEqual({ publicKey });

    const restarted = await test.another();
    try {
      const after = await restarted.inject({ method: 'GET', url: '/api/v1/encryption/server-key', headers: auth() });
      expect(after.json()).toEqual({ publicKey });
    } finally {
      await restarted.close();
    }
  });

  it('needs an API key', async () => {
    test = await makeTestApp();
    const answer = await test.app.inject({ method: 'GET', url: '/api/v1/encryption/server-key' });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
  });
});
