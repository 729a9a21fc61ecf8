import { describe, expect, it } from 'vitest';
import { RequestFailure } from '../../lib/request-failure';
import { SESSION_ID, json, sessionJson, stubFetch } from '../../test/session-fixtures';
import { deviceExpiry, getSession } from './get-session';

describe('getSession', () => {
  it('parses the page session shape, expiresAt as epoch ms', async () => {
    const expiresAt = '2030-01-01T12:00:00.000Z';
    stubFetch(() => json(200, sessionJson({ expiresAt, label: 'Kitchen', effectiveMaxImageDimension: 2048 })));
    const session = await getSession(SESSION_ID);
    expect(session).toMatchObject({ id: SESSION_ID, expiresAt: Date.parse(expiresAt), label: 'Kitchen', effectiveMaxImageDimension: 2048 });
    expect(session.expiresAtOnDevice).toBe(Date.parse(expiresAt));
  });

  it.each([
    ['an unknown status', { status: 'paused' }],
    ['a date that is not one', { expiresAt: 'tomorrow' }],
    ['a negative count', { imagesCount: -1 }],
    ['no allowed type', { effectiveAllowedMimeTypes: [] }],
    ['a missing field', { password_protected: undefined }],
  ])('refuses %s as a malformed answer (a connection problem, retryable)', async (_name, overrides) => {
    stubFetch(() => json(200, sessionJson(overrides)));
    const failure = await getSession(SESSION_ID).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RequestFailure);
    expect(failure).toMatchObject({ status: 200, rule: { scope: 'transient', retryable: true } });
  });

  it('carries status, server message, code and request id of a refusal', async () => {
    stubFetch(
      () =>
        new Response(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Session not found.', code: 'session_not_found' }), {
          status: 404,
          headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
        }),
    );
    await expect(getSession(SESSION_ID)).rejects.toMatchObject({
      status: 404,
      requestId: 'req-1',
      detail: { message: 'Session not found.', code: 'session_not_found' },
      rule: { key: 'error.sessionNotFound', retryable: false },
    });
  });

  it('reads Retry-After on a 429', async () => {
    stubFetch(() => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }));
    await expect(getSession(SESSION_ID)).rejects.toMatchObject({ status: 429, retryAfterMs: 7000, detail: { message: 'slow down' } });
  });

  it('turns a network error into a connection problem', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(getSession(SESSION_ID)).rejects.toMatchObject({ status: null, rule: { key: 'error.connection' } });
  });
});

describe('deviceExpiry', () => {
  const expiresAt = Date.parse('2030-01-01T12:00:00Z');

  it('moves the expiry onto a phone clock that is 5 minutes behind the server', () => {
    const serverNow = Date.parse('2030-01-01T11:00:00Z');
    const phoneNow = serverNow - 5 * 60_000;
    expect(deviceExpiry(expiresAt, new Date(serverNow).toUTCString(), phoneNow)).toBe(expiresAt - 5 * 60_000);
  });

  it('ignores the Date header rounding and a missing or broken header', () => {
    const serverNow = Date.parse('2030-01-01T11:00:00Z');
    expect(deviceExpiry(expiresAt, new Date(serverNow).toUTCString(), serverNow + 900)).toBe(expiresAt);
    expect(deviceExpiry(expiresAt, null, 0)).toBe(expiresAt);
    expect(deviceExpiry(expiresAt, 'not a date', 0)).toBe(expiresAt);
  });
});
