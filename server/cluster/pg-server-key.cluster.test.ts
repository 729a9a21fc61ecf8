import { afterEach, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { migratePg } from './pg-migrations';
import { loadOrCreatePgServerKey } from './pg-server-key';

let schema: TestSchema | undefined;
afterEach(async () => {
  await schema?.drop();
  schema = undefined;
});

it('instances asking for the server key at once agree on one pair, kept for the next start', async () => {
  schema = await freshSchema();
  const pools = [schema.pool(2), schema.pool(2)];
  await migratePg(pools[0]!);
  const keys = await Promise.all([...pools, ...pools].map((pool) => loadOrCreatePgServerKey(pool, 1_000)));
  expect(new Set(keys.map((key) => key.publicKeyPem)).size).toBe(1);
  expect((await pools[0]!.query('SELECT COUNT(*) AS n FROM server_keys')).rows).toEqual([{ n: 1 }]);
  expect((await loadOrCreatePgServerKey(schema.pool(1), 2_000)).publicKeyPem).toBe(keys[0]?.publicKeyPem);
});
