import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../test/delivery-fixtures';
import { RESPONSE_BODY_MAX_BYTES } from '../integrator/event-delivery-store';
import { SESSION_EXPIRY } from '../integrator/session-expiry';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, OTHER_API_KEY, type TestApp } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/** Re-checks `condition` after each turn of the event loop's timers, up to a bound (a failing test ends, it never hangs). */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never held');
}

interface Delivery {
  topic: string;
  status: string;
  responseCode: number | null;
  responseBody: string | null;
}

/** project.upload.started, project.session.expired, and what the delivery log keeps of the receiver's answer. */
describe('event webhook topics and the delivery log, as the SDKs see them', () => {
  let t: TestApp | undefined;
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  const base = '/api/v1/projects/qrdrop/webhooks';
  const start = async () => {
    t = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    return t;
  };
  const receiver = async (status?: (n: number) => number, answer?: (n: number) => string) => {
    const started = await startReceiver(status, answer);
    receivers.push(started);
    return started;
  };
  const createHook = async (app: TestApp['app'], payload: Record<string, unknown>, key?: string): Promise<{ id: string }> => {
    const response = await app.inject({ method: 'POST', url: base, headers: auth(key), payload });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const createSession = async (app: TestApp['app'], body: object = {}, key?: string): Promise<string> => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(key), payload: body });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };
  const deliveries = async (app: TestApp['app'], hookId: string): Promise<{ deliveries: Delivery[]; total: number }> =>
    (await app.inject({ url: `${base}/${hookId}/deliveries?limit=100`, headers: auth() })).json();
  const events = (target: Receiver) => target.requests.map((request) => JSON.parse(request.body.toString('utf8')));

  it('project.upload.started comes before project.upload.completed; an upload refused before its body starts nothing', async () => {
    const { app } = await start();
    const target = await receiver();
    await createHook(app, { url: target.url, topics: ['project.upload.*'] });
    const alias = await receiver();
    await createHook(app, { url: alias.url, topics: ['upload.started'] });
    const sessionId = await createSession(app, { max_images: 1, tags: ['claim-7'] });

    expect((await upload(app, sessionId, makeJpeg(16, 16))).statusCode).toBe(201);
    expect((await upload(app, sessionId, makeJpeg(16, 16))).statusCode).toBe(422);
    await target.waitFor(2);
    await alias.waitFor(1);
    const [started, completed] = events(target).sort((a, b) => (a.event === 'project.upload.started' ? -1 : b.event === 'project.upload.started' ? 1 : 0));
    expect(started).toEqual({
      event: 'project.upload.started',
      project_id: 'qrdrop',
      data: { session_id: sessionId, tags: ['claim-7'], label: null, content_length: expect.any(Number), encrypted: false, started_at: expect.any(String) },
      timestamp: expect.any(String),
    });
    expect(completed).toMatchObject({ event: 'project.upload.completed', data: { session_id: sessionId, filename: 'photo.jpg' } });
    expect(Date.parse(started.data.started_at)).toBeLessThanOrEqual(Date.parse(completed.data.created_at));
    expect(events(alias).map((body) => body.event)).toEqual(['upload.started']);
    // The 422 happened before the body was read: nothing more was queued.
    const log = await app.inject({ url: `${base}`, headers: auth() });
    const all = await Promise.all(log.json().map((hook: { id: string }) => deliveries(app, hook.id)));
    expect(all.map((page) => page.total).sort()).toEqual([1, 2]);
  });

  it('project.session.expired: once per session that expired uncompleted, to its own key only, across sweeps', async () => {
    const test = await start();
    const { app } = test;
    const target = await receiver();
    const hook = await createHook(app, { url: target.url, topics: ['session.expired', 'project.session.completed'] });
    const foreignTarget = await receiver();
    const foreignHook = await createHook(app, { url: foreignTarget.url, topics: ['project.session.expired'] }, OTHER_API_KEY);

    const expiring = await createSession(app, { expires_in_hours: 1, label: 'Roof' });
    expect((await upload(app, expiring, makeJpeg(8, 8))).statusCode).toBe(201);
    const completed = await createSession(app, { expires_in_hours: 1 });
    await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${completed}/complete`, headers: auth() });
    const foreignSession = await createSession(app, { expires_in_hours: 1 }, OTHER_API_KEY);

    await app.qrdropEventWebhooks.sweepExpired();
    expect((await deliveries(app, hook.id)).total).toBe(1); // only the completion so far
    test.advance(3_600_000 + 1000);
    await app.qrdropEventWebhooks.sweepExpired();
    await app.qrdropEventWebhooks.sweepExpired();
    await target.waitFor(2);
    const expired = events(target).filter((body) => body.event === 'session.expired');
    expect(expired).toEqual([
      {
        event: 'session.expired',
        project_id: 'qrdrop',
        data: { session_id: expiring, tags: [], label: 'Roof', images_count: 1, expired_at: expect.any(String) },
        timestamp: expect.any(String),
      },
    ]);
    expect((await deliveries(app, hook.id)).total).toBe(2);
    // The other key's session went to the other key's webhook, and only there.
    const [foreign] = await foreignTarget.waitFor(1);
    expect(JSON.parse(foreign?.body.toString('utf8') ?? '{}').data.session_id).toBe(foreignSession);
    expect(expired.map((body) => body.data.session_id)).not.toContain(foreignSession);

    // Extended after its expiry (PATCH expires_at) and expired again: a new expiry, announced again.
    const later = new Date(Date.now() + 3_600_000 + 1000 + 60_000).toISOString();
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/upload-sessions/${expiring}`, headers: auth(), payload: { expires_at: later } })).statusCode).toBe(200);
    await app.qrdropEventWebhooks.sweepExpired();
    expect((await deliveries(app, hook.id)).total).toBe(2);
    test.advance(120_000);
    await app.qrdropEventWebhooks.sweepExpired();
    expect((await deliveries(app, hook.id)).total).toBe(3);

    // A session that expired longer ago than the look-back (the server was down) is not announced late.
    await createSession(app, { expires_in_hours: 1 });
    test.advance(3_600_000 + SESSION_EXPIRY.lookbackMs);
    await app.qrdropEventWebhooks.sweepExpired();
    expect((await deliveries(app, hook.id)).total).toBe(3);
    expect((await app.inject({ url: `${base}/${foreignHook.id}/deliveries`, headers: auth(OTHER_API_KEY) })).json().total).toBe(1);
  });

  it('the delivery log keeps the start of the receiver’s answer as responseBody', async () => {
    const { app } = await start();
    const thanks = await receiver(() => 200, () => '{"received":true}');
    const failing = await receiver(() => 500, () => 'x'.repeat(5000));
    const silent = await receiver(() => 204);
    const ok = await createHook(app, { url: thanks.url, topics: ['project.session.created'] });
    const bad = await createHook(app, { url: failing.url, topics: ['project.session.created'], maxRetries: 0 });
    const quiet = await createHook(app, { url: silent.url, topics: ['project.session.created'] });
    await createSession(app);

    const settled = (hookId: string) => async () => ['sent', 'failed'].includes((await deliveries(app, hookId)).deliveries[0]?.status ?? '');
    for (const id of [ok.id, bad.id, quiet.id]) await until(settled(id));
    expect((await deliveries(app, ok.id)).deliveries[0]).toMatchObject({ status: 'sent', responseCode: 200, responseBody: '{"received":true}' });
    const failed = (await deliveries(app, bad.id)).deliveries[0];
    expect(failed).toMatchObject({ status: 'failed', responseCode: 500 });
    expect(failed?.responseBody).toBe('x'.repeat(RESPONSE_BODY_MAX_BYTES));
    expect((await deliveries(app, quiet.id)).deliveries[0]).toMatchObject({ status: 'sent', responseCode: 204, responseBody: null });
  });
});
