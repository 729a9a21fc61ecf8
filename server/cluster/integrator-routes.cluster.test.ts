import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
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
});
