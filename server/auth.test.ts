import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { hashApiKey } from './api-key';
import { loadConfig } from './config';
import { RATE_LIMITS } from './limits';
import { OTHER_API_KEY, TEST_API_KEY, type TestApp, makeTestApp, onCluster } from './test/helpers';
import { createSession } from './test/sessions';

describe('API keys', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(async () => t.close());

  it('stores each configured key by its SHA-256 hash, never in clear, with env from its prefix', async () => {
    const rows = await t.rows('SELECT id, key_hash, env FROM api_keys ORDER BY env');
    expect(rows).toEqual([
      { id: expect.stringMatching(/^key_[0-9a-f]{24}$/), key_hash: hashApiKey(OTHER_API_KEY), env: 'live' },
      { id: expect.stringMatching(/^key_[0-9a-f]{24}$/), key_hash: hashApiKey(TEST_API_KEY), env: 'test' },
    ]);
    expect(JSON.stringify(rows)).not.toContain(TEST_API_KEY);
  });

  // A cluster's rows are in PostgreSQL, whose files are not the app's to read.
  it.skipIf(onCluster)('never writes a configured key in clear into the SQLite file or its write-ahead log', () => {
    // The database and its write-ahead log: wherever SQLite put the rows, the clear keys are not there.
    const files = fs.readdirSync(t.dataDir).filter((name) => name.startsWith('qrdrop.sqlite'));
    expect(files).toContain('qrdrop.sqlite');
    const bytes = Buffer.concat(files.map((name) => fs.readFileSync(path.join(t.dataDir, name))));
    expect(bytes.includes(hashApiKey(TEST_API_KEY))).toBe(true); // the search does look where the rows are
    expect(bytes.includes(TEST_API_KEY)).toBe(false);
    expect(bytes.includes(OTHER_API_KEY)).toBe(false);
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer aptr_test_not_a_real_key_000' }],
    ['another scheme', { authorization: `Basic ${TEST_API_KEY}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 with the error envelope for %s', async (_label, headers) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers, payload: {} });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing or invalid API key.',
      code: 'unauthorized',
    });
  });

  it('accepts the scheme in any case', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/upload-sessions',
      headers: { authorization: `bearer ${TEST_API_KEY}` },
      payload: {},
    });
    expect(response.statusCode).toBe(201);
  });

  it('gives sessions the env of the key that created them', async () => {
    expect((await createSession(t.app, {}, TEST_API_KEY)).env).toBe('test');
    expect((await createSession(t.app, {}, OTHER_API_KEY)).env).toBe('live');
  });
});

describe('API keys across restarts', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a key’s sessions when it stays configured, and refuses a key removed from the configuration', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-keys-'));
    dirs.push(dataDir);
    const start = (keys: string) =>
      buildApp({ config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://qrdrop.test', QRDROP_API_KEYS: keys }) });

    const first = await start(`${TEST_API_KEY},${OTHER_API_KEY}`);
    const created = await createSession(first, {}, OTHER_API_KEY);
    await first.close();

    const second = await start(OTHER_API_KEY);
    const read = (key: string) =>
      second.inject({ url: `/api/v1/upload-sessions/${created.id}`, headers: { authorization: `Bearer ${key}` } });
    expect((await read(OTHER_API_KEY)).statusCode).toBe(200);
    expect((await read(TEST_API_KEY)).statusCode).toBe(401);
    await second.close();
  });
});

describe('failed API-key attempts (issue 11)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(async () => t.close());

  const list = (key: string, remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'GET', url: '/api/v1/sessions', headers: { authorization: `Bearer ${key}` }, remoteAddress });

  it('401s are rate limited per client address: then 429 with Retry-After, the right key included; other addresses are not', async () => {
    const wrong = 'aptr_live_not_a_real_key_000000';
    for (let i = 0; i < RATE_LIMITS.failedKeyAttemptsPerAddress; i++) expect((await list(wrong)).statusCode).toBe(401);
    const limited = await list(wrong);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await list(TEST_API_KEY)).statusCode).toBe(429);
    expect((await list(TEST_API_KEY, '127.0.0.2')).statusCode).toBe(200);
  });

  it('successful requests do not count', async () => {
    for (let i = 0; i < RATE_LIMITS.failedKeyAttemptsPerAddress + 5; i++) expect((await list(TEST_API_KEY)).statusCode).toBe(200);
    expect((await list('aptr_live_not_a_real_key_000000')).statusCode).toBe(401);
  });
});
