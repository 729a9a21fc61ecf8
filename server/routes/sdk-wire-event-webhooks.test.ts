import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, type Receiver, type ReceivedRequest, removeData, startApp, startReceiver, tempDir } from '../test/delivery-fixtures';
import { makeJpeg } from '../test/fixtures';
import { auth, makeTestApp, OTHER_API_KEY } from '../test/helpers';
import { upload } from '../test/upload-helpers';

/** What Apertur's SDKs' `verifyEventSignature` does: HMAC-SHA256(secret as UTF-8, "{ts}.{body}"), hex, "sha256=". */
function verifyEventSignature(body: string, timestamp: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What `verifySvixSignature` does: key = hex-decoded secret, "{id}.{ts}.{body}", base64, any "v1,<sig>" matches. */
function verifySvixSignature(body: string, svixId: string, svixTimestamp: string, svixSignature: string, secret: string): boolean {
  const expected = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${svixId}.${svixTimestamp}.${body}`).digest('base64');
  return svixSignature.split(' ').some((part) => {
    const [version, sig] = part.split(',');
    return version === 'v1' && sig !== undefined && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  });
}

const header = (request: ReceivedRequest | undefined, name: string): string => {
  const value = request?.headers[name];
  if (typeof value !== 'string') throw new Error(`no ${name} header`);
  return value;
};

/** Re-checks `condition` after each turn of the event loop's timers, up to a bound (a failing test ends, it never hangs). */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never held');
}

interface Hook {
  id: string;
  secret: string;
}

describe('event webhooks as the SDKs call and verify them', () => {
  let dataDir: string;
  let app: FastifyInstance;
  const receivers: Receiver[] = [];
  const base = '/api/v1/projects/qrdrop/webhooks';

  beforeEach(async () => {
    dataDir = tempDir();
    app = await startApp(dataDir);
  });
  afterEach(async () => {
    await app.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await removeData(dataDir);
  });

  const receiver = async (status?: (n: number) => number) => {
    const started = await startReceiver(status);
    receivers.push(started);
    return started;
  };
  const createHook = async (payload: Record<string, unknown>, key?: string): Promise<Hook> => {
    const response = await app.inject({ method: 'POST', url: base, headers: auth(key), payload });
    if (response.statusCode !== 201) throw new Error(`webhook create: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const deliveries = async (hookId: string, query = '') =>
    (await app.inject({ url: `${base}/${hookId}/deliveries${query}`, headers: auth() })).json();

  it('create, list, update and delete (204, no body) with the SDK shape', async () => {
    const created = await app.inject({
      method: 'POST',
      url: base,
      headers: auth(),
      payload: { url: 'https://hooks.example.org/events', topics: ['project.upload.*', 'session.completed'], customHeaders: { 'X-Tenant': 'acme' } },
    });
    expect(created.statusCode).toBe(201);
    const hook = created.json();
    expect(hook).toEqual({
      id: expect.any(String),
      projectId: 'qrdrop',
      url: 'https://hooks.example.org/events',
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      signatureMethod: 'hmac_sha256',
      topics: ['project.upload.*', 'session.completed'],
      isActive: true,
      maxRetries: 3,
      retryIntervals: [60, 300, 1800],
      disableAfterFailures: 10,
      consecutiveFailures: 0,
      customHeaders: { 'X-Tenant': 'acme' },
      disabledAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await app.inject({ url: base, headers: auth() })).json()).toEqual([hook]);

    const patched = await app.inject({ method: 'PATCH', url: `${base}/${hook.id}`, headers: auth(), payload: { signatureMethod: 'svix', maxRetries: 1, retryIntervals: [5], isActive: false } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: hook.id, signatureMethod: 'svix', maxRetries: 1, retryIntervals: [5], isActive: false, topics: hook.topics });

    const removed = await app.inject({ method: 'DELETE', url: `${base}/${hook.id}`, headers: auth() });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await app.inject({ url: base, headers: auth() })).json()).toEqual([]);
  });

  it('hmac_sha256: session.created and image uploads arrive in the spelling subscribed, verified as verifyEventSignature does', async () => {
    const target = await receiver();
    const hook = await createHook({ url: target.url, topics: ['project.session.created', 'image.uploaded'], customHeaders: { 'X-Tenant': 'acme' } });

    const sessionId = await createSession(app, { tags: ['t1'] });
    expect((await upload(app, sessionId, makeJpeg(16, 16))).statusCode).toBe(201);
    const requests = await target.waitFor(2);

    const bodies = requests.map((request) => JSON.parse(request.body.toString('utf8')));
    expect(bodies.map((body) => body.event).sort()).toEqual(['image.uploaded', 'project.session.created']);
    for (const [i, request] of requests.entries()) {
      const body = request.body.toString('utf8');
      expect(verifyEventSignature(body, header(request, 'x-apertur-timestamp'), header(request, 'x-apertur-signature'), hook.secret)).toBe(true);
      expect(verifyEventSignature(body, header(request, 'x-apertur-timestamp'), header(request, 'x-apertur-signature'), 'f'.repeat(64))).toBe(false);
      expect(Math.abs(Number(header(request, 'x-apertur-timestamp')) - Date.now() / 1000)).toBeLessThan(300);
      expect(request.headers['x-tenant']).toBe('acme');
      expect(request.headers['content-type']).toBe('application/json');
      expect(bodies[i]).toEqual({ event: expect.any(String), project_id: 'qrdrop', data: expect.objectContaining({ session_id: sessionId, tags: ['t1'] }), timestamp: expect.any(String) });
    }
    expect(bodies.find((body) => body.event === 'image.uploaded').data).toMatchObject({ filename: 'photo.jpg', mime_type: 'image/jpeg', source: 'camera' });
  });

  it('svix: svix-id, svix-timestamp and a v1 signature over the hex-decoded secret, as verifySvixSignature checks', async () => {
    const target = await receiver();
    const hook = await createHook({ url: target.url, topics: ['project.session.*'], signatureMethod: 'svix' });

    const sessionId = await createSession(app);
    expect((await app.inject({ method: 'POST', url: `/api/v1/upload-sessions/${sessionId}/complete`, headers: auth() })).statusCode).toBe(200);
    const requests = await target.waitFor(2);

    for (const request of requests) {
      const body = request.body.toString('utf8');
      const id = header(request, 'svix-id');
      expect(id).toMatch(/^msg_/);
      expect(verifySvixSignature(body, id, header(request, 'svix-timestamp'), header(request, 'svix-signature'), hook.secret)).toBe(true);
      expect(verifySvixSignature(`${body} `, id, header(request, 'svix-timestamp'), header(request, 'svix-signature'), hook.secret)).toBe(false);
      expect(request.headers['x-apertur-signature']).toBeUndefined();
    }
    expect(requests.map((r) => JSON.parse(r.body.toString('utf8')).event).sort()).toEqual(['project.session.completed', 'project.session.created']);
  });

  it('retries per maxRetries/retryIntervals, logs every delivery with paging, and disables after disableAfterFailures', async () => {
    const flaky = await receiver((n) => (n === 1 ? 500 : 200));
    const hook = await createHook({ url: flaky.url, topics: ['session.created'], maxRetries: 2, retryIntervals: [0] });
    await createSession(app);
    await flaky.waitFor(2);
    await until(async () => (await deliveries(hook.id)).deliveries[0]?.status === 'sent');
    expect(await deliveries(hook.id)).toEqual({
      deliveries: [
        {
          id: expect.any(String),
          eventLogId: expect.any(String),
          topic: 'session.created',
          status: 'sent',
          attempts: 2,
          responseCode: 200,
          responseBody: null,
          durationMs: expect.any(Number),
          lastError: null,
          nextRetryAt: null,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ],
      total: 1,
      page: 1,
      limit: 20,
    });

    const down = await receiver(() => 503);
    const failing = await createHook({ url: down.url, topics: ['project.session.created'], maxRetries: 1, retryIntervals: [0], disableAfterFailures: 2 });
    await createSession(app);
    await until(async () => (await deliveries(failing.id)).deliveries[0]?.status === 'failed');
    expect((await deliveries(failing.id)).deliveries[0]).toMatchObject({ attempts: 2, responseCode: 503, lastError: 'HTTP 503' });
    await createSession(app);
    await until(async () => (await deliveries(failing.id)).deliveries.filter((d: { status: string }) => d.status === 'failed').length === 2);
    const disabled = (await app.inject({ url: base, headers: auth() })).json().find((h: { id: string }) => h.id === failing.id);
    expect(disabled).toMatchObject({ consecutiveFailures: 2, disabledAt: expect.any(String) });
    expect(down.requests).toHaveLength(4);
    // Disabled: the next event is not even queued for it.
    await createSession(app);
    expect((await deliveries(failing.id)).total).toBe(2);
    expect((await deliveries(failing.id, '?page=2&limit=1')).deliveries).toHaveLength(1);
    expect(await deliveries(failing.id, '?page=2&limit=1')).toMatchObject({ total: 2, page: 2, limit: 1 });

    // The retry route sends a given-up delivery again, with the same body.
    const first = (await deliveries(failing.id)).deliveries[1];
    const retried = await app.inject({ method: 'POST', url: `${base}/${failing.id}/deliveries/${first.id}/retry`, headers: auth() });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ message: expect.any(String) });
    await down.waitFor(6);
    expect(down.requests[5]?.body.toString()).toBe(down.requests[0]?.body.toString());
    expect((await app.inject({ method: 'POST', url: `${base}/${failing.id}/deliveries/nope/retry`, headers: auth() })).statusCode).toBe(404);
  });

  it('test sends one signed webhook.test event through the queue', async () => {
    const target = await receiver();
    const hook = await createHook({ url: target.url, topics: ['project.upload.completed'] });
    const response = await app.inject({ method: 'POST', url: `${base}/${hook.id}/test`, headers: auth() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: expect.any(String) });
    const [request] = await target.waitFor(1);
    const body = request?.body.toString('utf8') ?? '';
    expect(JSON.parse(body)).toMatchObject({ event: 'webhook.test', project_id: 'qrdrop' });
    expect(verifyEventSignature(body, header(request, 'x-apertur-timestamp'), header(request, 'x-apertur-signature'), hook.secret)).toBe(true);
  });

  it('is restart-safe: a delivery waiting for its retry is sent by the next process', async () => {
    const target = await receiver((n) => (n === 1 ? 500 : 200));
    const hook = await createHook({ url: target.url, topics: ['session.created'], maxRetries: 3, retryIntervals: [3600] });
    await createSession(app);
    await target.waitFor(1);
    // "retrying" with the 500 recorded: the first attempt is over, the next one is an hour away.
    await until(async () => (await deliveries(hook.id)).deliveries[0]?.lastError === 'HTTP 500');
    expect((await deliveries(hook.id)).deliveries[0]).toMatchObject({ status: 'retrying', attempts: 1, nextRetryAt: expect.any(String) });
    await app.close();

    // Two hours later: the retry is due, and the new process sends it.
    app = await startApp(dataDir, {}, 2 * 3600 * 1000);
    await target.waitFor(2);
    await until(async () => (await deliveries(hook.id)).deliveries[0]?.status === 'sent');
    expect((await deliveries(hook.id)).deliveries[0]).toMatchObject({ attempts: 2 });
    expect(target.requests[1]?.body.toString()).toBe(target.requests[0]?.body.toString());
  });

  it("a key sees only its own webhooks; other projects are 404; topics, headers and private URLs are checked", async () => {
    const hook = await createHook({ url: 'https://hooks.example.org/e', topics: ['image.uploaded'] });
    expect((await app.inject({ url: base, headers: auth(OTHER_API_KEY) })).statusCode).toBe(401); // not a key of this app
    const test = await makeTestApp();
    try {
      const mine = await test.app.inject({ method: 'POST', url: base, headers: auth(), payload: { url: 'https://hooks.example.org/e', topics: ['image.uploaded'] } });
      const id = mine.json().id;
      expect((await test.app.inject({ url: base, headers: auth(OTHER_API_KEY) })).json()).toEqual([]);
      for (const [method, url] of [['PATCH', `${base}/${id}`], ['DELETE', `${base}/${id}`], ['POST', `${base}/${id}/test`], ['GET', `${base}/${id}/deliveries`]] as const) {
        const response = await test.app.inject({ method, url, headers: auth(OTHER_API_KEY), payload: method === 'PATCH' ? { maxRetries: 1 } : undefined });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('webhook_not_found');
      }
      expect((await test.app.inject({ url: '/api/v1/projects/p1/webhooks', headers: auth() })).json().code).toBe('project_not_found');
      const bad = (payload: Record<string, unknown>) => test.app.inject({ method: 'POST', url: base, headers: auth(), payload: { url: 'https://hooks.example.org/e', topics: ['image.uploaded'], ...payload } });
      expect((await bad({ topics: ['image.exploded'] })).statusCode).toBe(400);
      expect((await bad({ customHeaders: { 'X-Apertur-Signature': 'forged' } })).statusCode).toBe(400);
      expect((await bad({ customHeaders: { 'X-Ok': 'a\r\nInjected: 1' } })).statusCode).toBe(400);
      expect((await bad({ signatureMethod: 'rsa' })).statusCode).toBe(400);
      const loopback = await bad({ url: 'http://127.0.0.1:8080/hook' });
      expect(loopback.statusCode).toBe(400);
      expect(loopback.json().code).toBe('url_not_allowed');
    } finally {
      await test.close();
    }
    expect(hook.id).toEqual(expect.any(String));
  });
});
