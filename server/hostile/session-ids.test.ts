import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, type TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { multipartBody } from '../test/upload-helpers';
import { filesWritten } from '../test/data-dir';
import { expectEnvelope, fromInject } from '../test/hostile-support';

/**
 * Session ids that are not ids, on every route that takes one: the same 404 envelope everywhere, nothing
 * created on disk, and the database untouched. A real session exists, so an id that "matched everything"
 * would show.
 */
let t: TestApp;
const summary = new ScenarioSummary('hostile-ids');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const form = multipartBody([{ name: 'file', data: makeJpeg(8, 8), filename: 'a.jpg', contentType: 'image/jpeg' }]);

/** As they appear in the path (already URL-encoded where a raw character could not be sent). */
type Method = 'GET' | 'POST' | 'PATCH';

const IDS: [input: string, inPath: string, status?: (method: Method) => number][] = [
  ['not a UUID', 'abc'],
  ['SQL-looking', encodeURIComponent("' OR 1=1 --")],
  ['SQL-looking, stacked', encodeURIComponent("x'; DROP TABLE sessions; --")],
  ['UUID followed by SQL', `{real}${encodeURIComponent("' OR '1'='1")}`],
  ['URL-encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['double-encoded traversal', '%252e%252e%252fimages'],
  ['dot-dot', '..'],
  ['NUL byte', '%00'],
  ['UUID with a NUL inside', `{real}%00`],
  // Longer than any id can be: the router refuses it before any route runs (Fastify's maxParamLength), except
  // that a GET then falls through to the static files' catch-all, which finds no such file.
  ['4000 characters', 'a'.repeat(4000), (method) => (method === 'GET' ? 404 : 414)],
  ['malformed %-escape', '%E0%A4%A', () => 400],
  ['real UUID + malformed %-escape (the answer must not echo it)', '{real}%E0%A4%A', () => 400],
  ['UUID of another shape (v1)', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
];

const ROUTES: { route: string; method: Method; path: (id: string) => string; key?: boolean; body?: 'form' | 'json' }[] = [
  { route: 'page session read', method: 'GET', path: (id) => `/api/v1/upload/${id}/session` },
  { route: 'verify-password', method: 'POST', path: (id) => `/api/v1/upload/${id}/verify-password`, body: 'json' },
  { route: 'upload', method: 'POST', path: (id) => `/api/v1/upload/${id}/images`, body: 'form' },
  { route: 'events', method: 'GET', path: (id) => `/api/v1/upload/${id}/events` },
  { route: 'integrator read', method: 'GET', path: (id) => `/api/v1/upload-sessions/${id}`, key: true },
  { route: 'integrator update', method: 'PATCH', path: (id) => `/api/v1/upload-sessions/${id}`, key: true, body: 'json' },
  { route: 'complete', method: 'POST', path: (id) => `/api/v1/upload-sessions/${id}/complete`, key: true },
  { route: 'qr', method: 'GET', path: (id) => `/api/v1/upload-sessions/${id}/qr`, key: true },
  { route: 'poll', method: 'GET', path: (id) => `/api/v1/upload-sessions/${id}/poll`, key: true },
  { route: 'delivery-status', method: 'GET', path: (id) => `/api/v1/upload-sessions/${id}/delivery-status`, key: true },
  { route: 'events-access', method: 'GET', path: (id) => `/api/v1/upload-sessions/${id}/events-access`, key: true },
];

function request(route: (typeof ROUTES)[number], id: string) {
  const headers: Record<string, string> = route.key === true ? auth() : {};
  if (route.body === 'form') headers['content-type'] = form.contentType;
  if (route.body === 'json') headers['content-type'] = 'application/json';
  const payload = route.body === 'form' ? form.body : route.body === 'json' ? JSON.stringify({ password: 'x', max_images: 5 }) : undefined;
  return t.app.inject({ method: route.method, url: route.path(id), headers, payload });
}

describe('hostile session ids', () => {
  it.each(IDS)('%s: 404 on every route, nothing created, database untouched', async (input, inPath, status = () => 404) => {
    const real = await createSession(t.app, { long_polling: true });
    const id = inPath.replace('{real}', real.id);
    const statuses = new Map<number, Set<Method>>();
    for (const route of ROUTES) {
      const answer = fromInject(await request(route, id));
      statuses.set(answer.status, (statuses.get(answer.status) ?? new Set()).add(route.method));
      expectEnvelope(answer, status(route.method));
      expect(answer.body).not.toContain(real.id);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    const sessions = await t.rows('SELECT id, completed_at, max_images FROM sessions');
    const files = await filesWritten(t);
    const answers = [...statuses].map(([code, methods]) => (statuses.size === 1 ? `${code}` : `${code} (${[...methods].join('/')})`));
    summary.add(`${input} → ${answers.join(', ')} on all ${ROUTES.length} routes · sessions ${sessions.length} (unchanged) · files created ${files.length}`);

    expect(sessions).toEqual([{ id: real.id, completed_at: null, max_images: 10 }]);
    expect(files).toEqual([]);
  });

  it('an image id that is not one: 404 on download and ack', async () => {
    const real = await createSession(t.app, { long_polling: true });
    for (const imageId of ["' OR 1=1 --", '..%2F..%2Fqrdrop.sqlite', '%00']) {
      const encoded = imageId.startsWith("'") ? encodeURIComponent(imageId) : imageId;
      const download = await t.app.inject({ method: 'GET', url: `/api/v1/upload-sessions/${real.id}/images/${encoded}`, headers: auth() });
      const ack = await t.app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${real.id}/images/${encoded}/ack`, headers: auth() });
      expect(expectEnvelope(fromInject(download), 404).code).toBe('image_not_found');
      expect(expectEnvelope(fromInject(ack), 404).code).toBe('image_not_found');
    }
  });
});
