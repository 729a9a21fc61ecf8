import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, OTHER_API_KEY, type TestApp, makeTestApp } from '../test/helpers';
import { addImages, createSession } from '../test/sessions';

describe('session lists', () => {
  let t: TestApp;
  /** Ids of the test key's sessions, oldest first. */
  let ids: string[];
  beforeEach(async () => {
    t = await makeTestApp();
    ids = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createSession(t.app, { tags: [`n${i}`], label: `Session ${i}` })).id);
      t.advance(1000);
    }
    await createSession(t.app, {}, OTHER_API_KEY);
  });
  afterEach(async () => t.close());

  const get = (url: string, key?: string) => t.app.inject({ url, headers: auth(key) });

  describe('GET /api/v1/sessions', () => {
    it('pages through the key’s own sessions, newest first', async () => {
      const first = await get('/api/v1/sessions?page=1&pageSize=3');
      expect(first.statusCode).toBe(200);
      const body = first.json();
      expect(body).toMatchObject({ total: 7, page: 1, pageSize: 3, totalPages: 3 });
      expect(body.data.map((row: { id: string }) => row.id)).toEqual([ids[6], ids[5], ids[4]]);

      const last = (await get('/api/v1/sessions?page=3&pageSize=3')).json();
      expect(last.data.map((row: { id: string }) => row.id)).toEqual([ids[0]]);
      const beyond = (await get('/api/v1/sessions?page=4&pageSize=3')).json();
      expect(beyond).toMatchObject({ data: [], total: 7, page: 4, totalPages: 3 });
    });

    it('uses page 1 and 20 rows by default and caps pageSize at 100', async () => {
      expect((await get('/api/v1/sessions')).json()).toMatchObject({ page: 1, pageSize: 20, totalPages: 1 });
      expect((await get('/api/v1/sessions?pageSize=1000')).json()).toMatchObject({ pageSize: 100 });
    });

    it('never shows another key’s sessions', async () => {
      const other = (await get('/api/v1/sessions', OTHER_API_KEY)).json();
      expect(other.total).toBe(1);
      expect(other.data[0].id).not.toBeOneOf(ids);
    });

    it.each(['page=0', 'page=-1', 'page=abc', 'pageSize=0', 'pageSize=1.5', 'page=1&page=2'])('answers 400 for %s', async (query) => {
      const response = await get(`/api/v1/sessions?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, code: 'invalid_field' });
      expect(response.json().message).toMatch(/(page|pageSize) must be a whole number of at least 1/);
    });

    it('answers 401 without a key', async () => {
      expect((await t.app.inject({ url: '/api/v1/sessions' })).statusCode).toBe(401);
    });
  });

  describe('GET /api/v1/sessions/recent', () => {
    it('answers the newest 10 by default as rows of the documented fields', async () => {
      await addImages(t.app, ids[6] ?? '', 2);
      const response = await get('/api/v1/sessions/recent');
      expect(response.statusCode).toBe(200);
      const rows = response.json();
      expect(rows).toHaveLength(7);
      expect(rows[0]).toEqual({
        id: ids[6],
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        status: 'active',
        projectId: 'qrdrop',
        projectName: 'qrdrop',
        imagesCount: 2,
        imagesDelivered: 0,
        imagesFailed: 0,
        destinationsCount: 0,
        tags: ['n6'],
        longPollingEnabled: false,
        label: 'Session 6',
        env: 'test',
      });
      expect(rows[1]).toMatchObject({ id: ids[5], status: 'pending', imagesCount: 0 });
    });

    it('honours limit, caps it at 50, and refuses nonsense', async () => {
      expect((await get('/api/v1/sessions/recent?limit=2')).json()).toHaveLength(2);
      for (let i = 0; i < 50; i++) await createSession(t.app);
      expect((await get('/api/v1/sessions/recent?limit=80')).json()).toHaveLength(50);
      expect((await get('/api/v1/sessions/recent')).json()).toHaveLength(10);
      const bad = await get('/api/v1/sessions/recent?limit=zero');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/limit must be a whole number/);
    });
  });
});
