import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth, OTHER_API_KEY, TEST_API_KEY } from '../test/helpers';
import { waitForChange } from './long-poll';
import { type Cleanup, createSession, listeningApp, type StatusBody, uploadPhoto } from '../test/delivery-fixtures';

const STILL_WAITING = Symbol('still waiting');

/** The promise's state after giving it a moment: its value, or STILL_WAITING. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof STILL_WAITING> {
  return Promise.race([promise, new Promise<typeof STILL_WAITING>((resolve) => setTimeout(() => resolve(STILL_WAITING), ms))]);
}

describe('GET /api/v1/upload-sessions/{uuid}/delivery-status', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  const listening = (env: Record<string, string> = {}) => listeningApp(cleanup, { QRDROP_API_KEYS: `${TEST_API_KEY},${OTHER_API_KEY}`, ...env });

  const get = (base: string, path: string, signal?: AbortSignal) =>
    fetch(`${base}${path}`, { headers: auth(), ...(signal ? { signal } : {}) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as StatusBody,
    }));

  it('reports the session, its files and when it last changed', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    const empty = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ status: 'pending', files: [], lastChanged: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });

    const imageId = await uploadPhoto(app, sessionId, makeJpeg(8, 8), { filename: 'a.jpg' });
    const one = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);
    expect(one.body.status).toBe('active');
    expect(one.body.files).toEqual([{ record_id: imageId, filename: 'a.jpg', size_bytes: expect.any(Number), destinations: [] }]);
    expect(Date.parse(one.body.lastChanged)).toBeGreaterThanOrEqual(Date.parse(empty.body.lastChanged));
  });

  it('needs the key that owns the session, and a real date in pollFrom', async () => {
    const { app } = await listening();
    const sessionId = await createSession(app);
    const url = `/api/v1/upload-sessions/${sessionId}/delivery-status`;
    expect((await app.inject({ url })).statusCode).toBe(401);
    expect((await app.inject({ url, headers: auth(OTHER_API_KEY) })).statusCode).toBe(403);
    const bad = await app.inject({ url: `${url}?pollFrom=yesterday`, headers: auth() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/pollFrom/);
    expect((await app.inject({ url: `${url}?pollFrom=2025-02-30T99:00:00Z`, headers: auth() })).statusCode).toBe(400);
  });

  it('holds a long poll while nothing changes, and answers with the new photo as soon as one arrives', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    const first = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);

    const held = get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status?pollFrom=${encodeURIComponent(first.body.lastChanged)}`);
    expect(await settledWithin(held, 300)).toBe(STILL_WAITING);

    const imageId = await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(answer.body.files.map((file) => file.record_id)).toEqual([imageId]);
    expect(Date.parse(answer.body.lastChanged)).toBeGreaterThanOrEqual(Date.parse(first.body.lastChanged));
  });

  it('answers at once when something changed after pollFrom', async () => {
    const { app, base } = await listening({ LONG_POLL_MAX_SECONDS: '3600' });
    const sessionId = await createSession(app);
    await uploadPhoto(app, sessionId, makeJpeg(8, 8));
    const answer = await settledWithin(get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status?pollFrom=2000-01-01T00:00:00Z`), 5_000);
    expect(answer).not.toBe(STILL_WAITING);
    if (answer === STILL_WAITING) return;
    expect(answer.body.files).toHaveLength(1);
  });

  it('answers when the session expires during the hold, with its new status', async () => {
    const { app, base } = await listening({ LONG_POLL_MAX_SECONDS: '3600' });
    const sessionId = await createSession(app);
    const soon = new Date(Date.now() + 1_000).toISOString();
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/upload-sessions/${sessionId}`, headers: auth(), payload: { expires_at: soon } });
    expect(patched.statusCode).toBe(200);
    const first = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);
    expect(first.body.status).toBe('pending');
    const answer = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status?pollFrom=${encodeURIComponent(first.body.lastChanged)}`);
    expect(answer.body.status).toBe('expired');
    expect(answer.body.lastChanged).toBe(soon);
  });

  it('answers with the unchanged state when the hold time ends', async () => {
    const { app, base } = await listening({ LONG_POLL_MAX_SECONDS: '1' });
    const sessionId = await createSession(app);
    const first = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);
    const answer = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status?pollFrom=${encodeURIComponent(first.body.lastChanged)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(first.body);
  });

  it('a long poll whose client went away stops listening', async () => {
    const { app, base } = await listening();
    const sessionId = await createSession(app);
    const first = await get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status`);
    const controller = new AbortController();
    const held = get(base, `/api/v1/upload-sessions/${sessionId}/delivery-status?pollFrom=${encodeURIComponent(first.body.lastChanged)}`, controller.signal);
    expect(await settledWithin(held, 200)).toBe(STILL_WAITING);
    expect(app.qrdrop.delivery.waitingPolls).toBe(1);
    controller.abort();
    await expect(held).rejects.toThrow();
    await new Promise<void>((resolve) => {
      const check = () => (app.qrdrop.delivery.waitingPolls === 0 ? resolve() : setImmediate(check));
      check();
    });
    expect(app.qrdrop.delivery.waitingPolls).toBe(0);
  });
});

describe('waitForChange', () => {
  it('releases its listener and timer on change, timeout and abort alike', async () => {
    for (const outcome of ['changed', 'timeout', 'aborted'] as const) {
      let listening = 0;
      const controller = new AbortController();
      let fire: () => void = () => undefined;
      const waiting = waitForChange({
        subscribe: (onChange) => {
          listening++;
          fire = onChange;
          return () => listening--;
        },
        changedAlready: () => false,
        holdMs: outcome === 'timeout' ? 1 : 60_000,
        signal: controller.signal,
      });
      if (outcome === 'changed') fire();
      if (outcome === 'aborted') controller.abort();
      expect(await waiting).toBe(outcome);
      expect(listening).toBe(0);
    }
  });

  it('does not wait when the change happened before it started listening', async () => {
    const result = await waitForChange({
      subscribe: () => () => undefined,
      changedAlready: () => true,
      holdMs: 60_000,
      signal: new AbortController().signal,
    });
    expect(result).toBe('changed');
  });
});
