import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { makeTestApp, type TestApp } from '../test/helpers';
import { imageRowCount, insertTestSession, upload } from '../test/upload-helpers';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const jpegFile = makeJpeg(40, 30);

describe('POST /api/v1/upload/:uuid/images: rate limit', () => {
  it('429 past the per-session limit, with X-RateLimit-* and Retry-After, then lets uploads through again', async () => {
    t = await makeTestApp({ RATE_LIMIT_UPLOADS_PER_SESSION: '2' });
    const app = t.app;
    const sessionId = await insertTestSession(app);
    const first = await upload(app, sessionId, jpegFile);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
    expect((await upload(app, sessionId, jpegFile)).statusCode).toBe(201);
    const limited = await upload(app, sessionId, jpegFile);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'retry-after': expect.stringMatching(/^\d+$/) });
    expect(Number(limited.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(await imageRowCount(app, sessionId)).toBe(2);

    t.advance(Number(limited.headers['retry-after']) * 1000);
    expect((await upload(app, sessionId, jpegFile)).statusCode).toBe(201);
  });

  it("counts wrong passwords as the guesser's own guesses: 429 for it, the phone's uploads untouched", async () => {
    t = await makeTestApp({ RATE_LIMIT_UPLOADS_PER_SESSION: '2' });
    const app = t.app;
    const sessionId = await insertTestSession(app, { password: 'right one' });
    const guess = () => upload(app, sessionId, jpegFile, { headers: { 'x-session-password': 'guess' }, remoteAddress: '198.51.100.9' });
    for (let i = 0; i < 10; i++) expect((await guess()).statusCode).toBe(401);
    expect((await guess()).statusCode).toBe(429);
    const phone = () => upload(app, sessionId, jpegFile, { headers: { 'x-session-password': 'right one' }, remoteAddress: '192.0.2.44' });
    expect((await phone()).statusCode).toBe(201);
    expect((await phone()).statusCode).toBe(201);
    expect((await phone()).statusCode).toBe(429);
  });
});
