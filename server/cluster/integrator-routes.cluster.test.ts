import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { sealForServer } from '../test/seal';
import { createSession } from '../test/sessions';
import { type TwoClusterInstances, twoInstances } from '../test/two-instances';
import { upload } from '../test/upload-helpers';

/** The integrator's own routes on a cluster: what one instance writes, the other reads and honours. */
let opened: TwoClusterInstances | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe('the integrator’s routes across two instances', () => {
  it('lists on B the sessions and photos made on A, and counts them in /stats', async () => {
    opened = await twoInstances();
    const { a, b } = opened;
    const first = await createSession(a, { label: 'Claim 7' });
    const second = await createSession(a);
    expect((await upload(b, first.id, makeJpeg(64, 48))).statusCode).toBe(201);

    const sessions = await b.inject({ url: '/api/v1/sessions', headers: auth() });
    expect(sessions.statusCode).toBe(200);
    const list = sessions.json<{ data: { id: string; imagesCount: number; label: string | null }[]; total: number }>();
    expect(list.total).toBe(2);
    expect(list.data.map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
    expect(list.data.find((row) => row.id === first.id)).toMatchObject({ imagesCount: 1, label: 'Claim 7' });
    const recent = await a.inject({ url: '/api/v1/sessions/recent?limit=1', headers: auth() });
    expect(recent.json<unknown[]>()).toHaveLength(1);

    const uploads = await a.inject({ url: '/api/v1/uploads', headers: auth() });
    expect(uploads.statusCode).toBe(200);
    expect(uploads.json()).toMatchObject({ total: 1, data: [{ sessionId: first.id, status: 'stored_only', mimeType: 'image/jpeg' }] });
    expect((await b.inject({ url: '/api/v1/uploads/recent', headers: auth() })).json<unknown[]>()).toHaveLength(1);

    const stats = await b.inject({ url: '/api/v1/stats', headers: auth() });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({ sessionsTotal: 2, sessionsThisMonth: 2, imagesUploaded: 1, activeKeys: 1 });
  });

  it('a key created on A authenticates on B, its settings made on B hold on A, and deleting it on A ends it on B', async () => {
    opened = await twoInstances();
    const { a, b } = opened;
    const base = '/api/v1/projects/qrdrop/keys';
    const created = await a.inject({ method: 'POST', url: base, headers: auth(), payload: { label: 'Desk 2', maxImages: 3 } });
    expect(created.statusCode).toBe(201);
    const { key, plainTextKey } = created.json<{ key: { id: string }; plainTextKey: string }>();

    // Its own defaults shape the sessions it creates, on the other instance.
    const session = await createSession(b, {}, plainTextKey);
    expect((await b.inject({ url: `/api/v1/upload-sessions/${session.id}`, headers: auth(plainTextKey) })).json()).toMatchObject({ effectiveMaxImages: 3 });
    const listed = await b.inject({ url: base, headers: auth() });
    expect(listed.json<{ id: string; label: string }[]>().map((row) => [row.id, row.label])).toContainEqual([key.id, 'Desk 2']);

    const patched = await b.inject({ method: 'PATCH', url: `${base}/${key.id}`, headers: auth(), payload: { allowedIps: ['203.0.113.7'] } });
    expect(patched.statusCode).toBe(200);
    expect((await a.inject({ url: '/api/v1/sessions', headers: auth(plainTextKey) })).statusCode).toBe(403);

    expect((await a.inject({ method: 'DELETE', url: `${base}/${key.id}`, headers: auth() })).statusCode).toBe(204);
    expect((await b.inject({ url: '/api/v1/sessions', headers: auth(plainTextKey) })).statusCode).toBe(401);
  });

  it('a key’s default destinations set on B shape the sessions A creates, and show in A’s key listing', async () => {
    opened = await twoInstances();
    const { a, b } = opened;
    const hook = (await a.inject({ method: 'POST', url: '/api/v1/destinations', headers: auth(), payload: { type: 'webhook', name: 'CRM', url: 'https://hooks.example.org/in' } })).json<{ id: string }>();
    const keys = (await a.inject({ url: '/api/v1/projects/qrdrop/keys', headers: auth() })).json<{ id: string }[]>();
    const keyId = keys[0]?.id ?? '';

    const put = await b.inject({ method: 'PUT', url: `/api/v1/keys/${keyId}/destinations`, headers: auth(), payload: { destination_ids: [hook.id], long_polling_enabled: true } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ destinations: [{ id: hook.id, type: 'webhook', name: 'CRM', isActive: true }], longPollingEnabled: true });

    const session = await a.inject({ method: 'POST', url: '/api/v1/upload-sessions', headers: auth(), payload: {} });
    expect(session.json()).toMatchObject({ long_polling: true, destinations: [{ id: hook.id, type: 'webhook', name: 'CRM' }] });
    const listed = (await a.inject({ url: '/api/v1/projects/qrdrop/keys', headers: auth() })).json<{ id: string }[]>();
    expect(listed.find((key) => key.id === keyId)).toMatchObject({ defaultDestinations: [{ id: hook.id, name: 'CRM', isActive: true }] });
    const unknown = await a.inject({ method: 'PUT', url: `/api/v1/keys/${keyId}/destinations`, headers: auth(), payload: { destination_ids: ['dst_missing'] } });
    expect(unknown.statusCode).toBe(400);
  });

  it('a short link made on A (at create and by share) resolves on B to the session’s page', async () => {
    opened = await twoInstances();
    const { a, b } = opened;
    const session = await createSession(a);
    const shortUrl = (session as { short_url?: string }).short_url ?? '';
    expect(shortUrl).toMatch(/^http:\/\/qrdrop\.test\/l\/[A-Za-z0-9_-]{16}$/);
    const followed = await b.inject({ url: new URL(shortUrl).pathname });
    expect(followed.statusCode).toBe(302);
    expect(followed.headers.location).toBe(session.upload_url);

    // Sharing is served on a cluster: without SMTP_URL its answer is the route's own, not the cluster's 501.
    const shared = await b.inject({ method: 'POST', url: `/api/v1/upload-sessions/${session.id}/share`, headers: auth(), payload: { channel: 'email', recipient: 'a@example.org' } });
    expect(shared.json()).toMatchObject({ code: 'channel_not_configured' });
    expect((await b.inject({ url: '/l/AAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
  });

  it('hands out one server key on every instance: a photo sealed for A’s key is opened by B', async () => {
    opened = await twoInstances();
    const { a, b, env } = opened;
    const keys = await Promise.all([a, b].map(async (app) => (await app.inject({ url: '/api/v1/encryption/server-key', headers: auth() })).json<{ publicKey: string }>().publicKey));
    expect(keys[0]).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(keys[1]).toBe(keys[0]);
    expect(await env.rows('SELECT COUNT(*) AS n FROM server_keys')).toEqual([{ n: 1 }]);

    const session = await createSession(a);
    const photo = makeJpeg(64, 48);
    const sealed = await b.inject({
      method: 'POST',
      url: `/api/v1/upload/${session.id}/images`,
      headers: { 'content-type': 'application/json', 'x-aptr-encrypted': 'default' },
      payload: JSON.stringify({ ...sealForServer(photo, keys[0] ?? ''), filename: 'sealed.jpg', mimeType: 'image/jpeg' }),
    });
    expect(sealed.statusCode).toBe(201);
    expect(await env.rows('SELECT is_encrypted, sha256 FROM images WHERE session_id = $1', [session.id])).toEqual([
      { is_encrypted: 1, sha256: createHash('sha256').update(photo).digest('hex') },
    ]);
  });
});
