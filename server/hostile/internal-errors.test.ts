import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, onCluster, type TestApp } from '../test/helpers';
import { createSession } from '../test/sessions';
import { ScenarioSummary } from '../test/summary';
import { upload } from '../test/upload-helpers';
import { expectEnvelope, fromInject, hostileLine, leftovers } from '../test/hostile-support';

/**
 * Server trouble, forced: every 500 is the same bare envelope, with nothing of the cause (no SQL, no path, no
 * session id, no stack), and what gets logged names no session id either.
 */
let t: TestApp;
const summary = new ScenarioSummary('internal-errors');
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});
afterAll(() => summary.flush());

const BARE_500 = { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.', code: 'internal' };
/** Words a leaking 500 would carry. */
const LEAKS = [/sqlite/i, /database/i, /SELECT|INSERT/, /\/tmp\//, /qrdrop-test-/, /node_modules/, /\bat \w+ \(/, /ENOTDIR|EEXIST|ENOENT/, /valibot|Invalid type/i];

function expectBare500(body: string, sessionId: string) {
  expect(JSON.parse(body)).toEqual(BARE_500);
  for (const leak of LEAKS) expect(body).not.toMatch(leak);
  expect(body).not.toContain(sessionId);
}

/** Everything given to the error logger, errors flattened to their messages. */
const logged = (spy: { mock: { calls: unknown[][] } }) =>
  JSON.stringify(spy.mock.calls, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value));

describe('5xx bodies leak nothing', () => {
  // The faults below are made in SQLite and the data folder; a cluster's (pool, bucket) are not injected yet.
  it.skipIf(onCluster)('the database closed under the server: every route answers the bare 500', async () => {
    const session = await createSession(t.app);
    t.app.qrdrop.db.close();
    const requests = [
      { method: 'GET', url: `/api/v1/upload/${session.id}/session` },
      { method: 'GET', url: `/api/v1/upload-sessions/${session.id}`, headers: auth() },
      { method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: {} },
    ] as const;
    for (const request of requests) {
      const answer = fromInject(await t.app.inject(request));
      expectEnvelope(answer, 500);
      expectBare500(answer.body, session.id);
    }
    const answer = fromInject(await upload(t.app, session.id, makeJpeg(8, 8)));
    summary.add(`database closed, then an upload → ${answer.status}, body ${answer.body}`);
    expectBare500(answer.body, session.id);
  });

  // PostgreSQL's INTEGER column refuses the text outright: the corrupt row exists only in SQLite.
  it.skipIf(onCluster)('a corrupt session row (text where a number belongs): bare 500, the parse error stays inside', async () => {
    const session = await createSession(t.app);
    t.app.qrdrop.db.prepare("UPDATE sessions SET max_images = 'lots' WHERE id = ?").run(session.id);
    const answer = fromInject(await t.app.inject({ method: 'GET', url: `/api/v1/upload/${session.id}/session` }));
    summary.add(`corrupt session row, then a session read → ${answer.status}, body ${answer.body}`);
    expectBare500(answer.body, session.id);
  });

  it.skipIf(onCluster)('the disk refuses the photo at commit: bare 500, nothing kept, the log names no path', async () => {
    const session = await createSession(t.app);
    // A file where the session's photo folder should be: creating the folder fails (ENOTDIR / EEXIST).
    fs.writeFileSync(path.join(t.dataDir, 'images', session.id), 'in the way');
    const errors = vi.spyOn(t.app.log, 'error');
    const answer = fromInject(await upload(t.app, session.id, makeJpeg(64, 64)));
    fs.rmSync(path.join(t.dataDir, 'images', session.id));
    const left = await leftovers(t);
    summary.add(`${hostileLine('disk refuses the photo folder at commit', answer, left)} · body ${answer.body}`);

    expectBare500(answer.body, session.id);
    expect(left).toEqual({ rows: 0, images: 0, incoming: 0 });
    expect(errors).toHaveBeenCalled();
    expect(logged(errors)).not.toContain(session.id);
  });
});
