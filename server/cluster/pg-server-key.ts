import type pg from 'pg';
import * as v from 'valibot';
import { newServerKeyPem, type ServerKey, serverKeyFromPem } from '../encryption/server-key';

const KEY_NAME = 'encryption';
const PemRows = v.array(v.object({ private_key_pem: v.string() }));

/**
 * The cluster's one server key (encrypted uploads): a photo sealed for the public key one instance handed out is
 * opened by whichever instance receives it. The first instance to need it makes a pair and inserts it `ON CONFLICT
 * DO NOTHING`, then every instance reads back the row that won, so instances starting together agree.
 *
 * At rest the private key is NOT encrypted by qrdrop: it is a plain PKCS#8 PEM in `server_keys`, protected only by
 * who may read that table, the database's own storage encryption if any, and the care taken with its backups and
 * replicas (which carry it too). `npm start` keeps the same PEM in a 0600 file of its data folder, equally plain.
 */
export async function loadOrCreatePgServerKey(pool: pg.Pool, now: number): Promise<ServerKey> {
  const stored = async () => v.parse(PemRows, (await pool.query('SELECT private_key_pem FROM server_keys WHERE name = $1', [KEY_NAME])).rows)[0];
  const existing = await stored();
  if (existing !== undefined) return serverKeyFromPem(existing.private_key_pem);
  await pool.query('INSERT INTO server_keys (name, private_key_pem, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
    KEY_NAME,
    await newServerKeyPem(),
    now,
  ]);
  const winner = await stored();
  if (winner === undefined) throw new Error('the server key vanished after its insert');
  return serverKeyFromPem(winner.private_key_pem);
}
