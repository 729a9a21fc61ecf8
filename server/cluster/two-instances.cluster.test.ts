import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { createSession } from '../test/sessions';
import { twoInstances } from '../test/two-instances';
import { upload } from '../test/upload-helpers';

let opened: Awaited<ReturnType<typeof twoInstances>> | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe('two instances on one PostgreSQL schema and one bucket', () => {
  it('20 uploads split across A and B into max_images: 5 give exactly five 201s, the others 422 session_full', async () => {
    opened = await twoInstances();
    const { a, b, env } = opened;
    const { id } = await createSession(a, { max_images: 5 });
    const photo = makeJpeg(64, 48);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(i % 2 === 0 ? a : b, id, photo)));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 422)).toHaveLength(15);
    for (const refused of answers.filter((answer) => answer.statusCode === 422)) expect(refused.json()).toMatchObject({ code: 'session_full' });
    expect(await env.rows('SELECT idx FROM images WHERE session_id = $1 ORDER BY idx', [id])).toEqual([1, 2, 3, 4, 5].map((idx) => ({ idx })));
    // Refused photos leave no object behind: only the five committed ones are in the bucket.
    expect(await env.keys()).toHaveLength(5);
  });

  it('one Idempotency-Key sent to A and B at once gives one row and one object', async () => {
    opened = await twoInstances();
    const { a, b, env } = opened;
    const { id } = await createSession(b);
    const photo = makeJpeg(64, 48);
    const headers = { 'idempotency-key': 'same-photo-1' };
    const answers = await Promise.all([a, b, a, b].map((app) => upload(app, id, photo, { headers })));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json<{ id: string }>().id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await env.rows('SELECT COUNT(*) AS n FROM images WHERE session_id = $1', [id])).toEqual([{ n: 1 }]);
    expect(await env.keys()).toHaveLength(1);
  });
});
