import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, makeTestApp, type TestApp } from '../test/helpers';
import { addImages, createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { expectEnvelope, fromInject } from '../test/hostile-support';

/** Hostile bodies on the JSON routes: each gets its status in the envelope, and nothing is created or changed. */
let t: TestApp;
const summary = new ScenarioSummary('hostile-json');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const JSON_TYPE = 'application/json';
const big = (bytes: number) => JSON.stringify({ label: 'x'.repeat(bytes) });

const CASES: [input: string, payload: string, contentType: string | undefined, status: number][] = [
  ['oversize JSON (100 KB)', big(100 * 1024), JSON_TYPE, 413],
  ['oversize JSON (5 MB)', big(5 * 1024 * 1024), JSON_TYPE, 413],
  ['malformed JSON', '{"max_images": 5', JSON_TYPE, 400],
  ['JSON with __proto__', '{"__proto__": {"isAdmin": true}, "max_images": 5}', JSON_TYPE, 400],
  ['JSON with constructor.prototype', '{"constructor": {"prototype": {"isAdmin": true}}}', JSON_TYPE, 400],
  ['JSON null', 'null', JSON_TYPE, 400],
  ['JSON array', '[{"max_images": 5}]', JSON_TYPE, 400],
  ['20000 nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, JSON_TYPE, 400],
  ['number beyond double range', '{"max_images": 1e309}', JSON_TYPE, 400],
  ['text/plain body', '{"max_images": 5}', 'text/plain', 415],
  ['urlencoded body', 'max_images=5', 'application/x-www-form-urlencoded', 415],
  ['multipart body', '--b\r\nContent-Disposition: form-data; name="max_images"\r\n\r\n5\r\n--b--\r\n', 'multipart/form-data; boundary=b', 415],
];

const ROUTES = [
  { route: 'create session', method: 'POST', path: () => '/api/v1/upload-sessions', key: true },
  { route: 'update session', method: 'PATCH', path: (id: string) => `/api/v1/upload-sessions/${id}`, key: true },
  { route: 'verify-password', method: 'POST', path: (id: string) => `/api/v1/upload/${id}/verify-password`, key: false },
] as const;

function snapshot() {
  return t.rows('SELECT * FROM sessions ORDER BY id');
}

describe('hostile JSON bodies', () => {
  it.each(CASES)('%s: refused on every JSON route, nothing created or changed', async (input, payload, contentType, status) => {
    const session = await createSession(t.app, { password: 'open sesame' });
    const before = await snapshot();
    const answers = new Set<string>();
    for (const route of ROUTES) {
      const headers: Record<string, string> = route.key ? auth() : {};
      if (contentType !== undefined) headers['content-type'] = contentType;
      const answer = fromInject(await t.app.inject({ method: route.method, url: route.path(session.id), headers, payload }));
      answers.add(`${answer.status} ${String(JSON.parse(answer.body).code)}`);
      // Our documented codes only: never the framework's own (FST_ERR_…).
      expect(expectEnvelope(answer, status).code).toMatch(/^[a-z][a-z_]*$/);
    }
    const unchanged = JSON.stringify(await snapshot()) === JSON.stringify(before);
    summary.add(`${input} → ${[...answers].join(', ')} on create, update and verify-password · sessions ${unchanged ? 'unchanged' : 'CHANGED'}`);
    expect(await snapshot()).toEqual(before);
    expect(answers.size).toBe(1);
  });

  it('a body of exactly the JSON limit is read (the limit is not off by one)', async () => {
    const payload = big(64 * 1024 - 12);
    expect(Buffer.byteLength(payload)).toBe(64 * 1024);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: { ...auth(), 'content-type': JSON_TYPE }, payload });
    // Read and judged on its content: the label is too long, a 400 about the field, not a 413.
    expect(expectEnvelope(fromInject(response), 400).message).toContain('label');
  });
});

describe('framework errors and empty JSON bodies (issue 11)', () => {
  it.each([
    ['malformed JSON', '{"max_images": 5', JSON_TYPE, 400, 'invalid_json'],
    ['JSON with __proto__', '{"__proto__": {"isAdmin": true}}', JSON_TYPE, 400, 'invalid_json'],
    ['oversize JSON', big(100 * 1024), JSON_TYPE, 413, 'body_too_large'],
    ['text/plain body', '{}', 'text/plain', 415, 'unsupported_media_type'],
  ])('%s: its status, with our documented code', async (_input, payload, contentType, status, code) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: { ...auth(), 'content-type': contentType }, payload });
    expect(expectEnvelope(fromInject(response), status).code).toBe(code);
  });

  it('an empty body sent as application/json reads as {} on complete, ack and create', async () => {
    const headers = { ...auth(), 'content-type': JSON_TYPE };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers, payload: '' });
    expect(created.statusCode).toBe(201);
    const session = await createSession(t.app, { long_polling: true });
    await addImages(t.app, session.id, 1);
    const [image] = await t.rows('SELECT id FROM images WHERE session_id = $1', [session.id]);
    const imageId = String((image as { id: string }).id);
    const ack = await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${session.id}/images/${imageId}/ack`, headers, payload: '' });
    expect(ack.statusCode).toBe(200);
    const complete = await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${session.id}/complete`, headers, payload: '' });
    expect(complete.statusCode).toBe(200);
  });

  it('an empty JSON body gets the same answer as {} where a body is required', async () => {
    const session = await createSession(t.app, { password: 'open sesame' });
    const url = `/api/v1/upload/${session.id}/verify-password`;
    const empty = await t.app.inject({ method: 'POST', url, headers: { 'content-type': JSON_TYPE }, payload: '' });
    const braces = await t.app.inject({ method: 'POST', url, headers: { 'content-type': JSON_TYPE }, payload: '{}' });
    expect(empty.statusCode).toBe(braces.statusCode);
    expect(empty.json()).toEqual(braces.json());
    expect(String(empty.json().code)).not.toMatch(/^FST_/);
  });
});
