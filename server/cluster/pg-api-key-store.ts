import type pg from 'pg';
import * as v from 'valibot';
import { keyFromRow, type KeyRecord, type KeySettings, type NewKey } from '../integrator/key-store';
import type { ApiKeyStore } from './api-key-store';

const flag = (value: boolean) => (value ? 1 : 0);
const json = (value: readonly string[] | null) => (value === null ? null : JSON.stringify(value));

/** The api_keys column and value of each setting given (absent ones are left out, so they stay unchanged). */
function settingColumns(settings: KeySettings): [column: string, value: unknown][] {
  const columns: [string, unknown][] = [];
  if (settings.label !== undefined) columns.push(['label', settings.label]);
  if (settings.isActive !== undefined) columns.push(['is_active', flag(settings.isActive)]);
  if (settings.maxImages !== undefined) columns.push(['max_images', settings.maxImages]);
  if (settings.allowedMimeTypes !== undefined) columns.push(['allowed_mime_types', json(settings.allowedMimeTypes)]);
  if (settings.maxImageDimension !== undefined) columns.push(['max_image_dimension', settings.maxImageDimension]);
  if (settings.longPolling !== undefined) columns.push(['long_polling', flag(settings.longPolling)]);
  if (settings.allowedIps !== undefined) columns.push(['allowed_ips', json(settings.allowedIps)]);
  if (settings.allowedDomains !== undefined) columns.push(['allowed_domains', json(settings.allowedDomains)]);
  if (settings.requireSignature !== undefined) columns.push(['require_signature', flag(settings.requireSignature)]);
  return columns;
}

/**
 * The ApiKeyStore of a cluster: the api_keys rows every instance shares. Where SQLite reads a key and writes it
 * back (one process, synchronous), a create is one INSERT and an update one UPDATE of the columns given, each
 * RETURNING the row: two instances changing different settings of one key at once both keep theirs. Oldest-first
 * ties are broken by id (SQLite: rowid). The pool is the cluster's: it is not ended here.
 */
export class PgApiKeyStore implements ApiKeyStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async find(id: string): Promise<KeyRecord | undefined> {
    return this.#one('SELECT * FROM api_keys WHERE id = $1 AND deleted_at IS NULL', [id]);
  }

  async findApiKeyByHash(hash: string): Promise<KeyRecord | undefined> {
    return this.#one("SELECT * FROM api_keys WHERE key_hash = $1 AND source = 'api' AND deleted_at IS NULL", [hash]);
  }

  async listVisible(callerId: string): Promise<KeyRecord[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM api_keys WHERE (id = $1 OR created_by = $1) AND deleted_at IS NULL ORDER BY created_at, id',
      [callerId],
    );
    return rows.map(keyFromRow);
  }

  async countCreatedBy(callerId: string): Promise<number> {
    const row: unknown = (await this.#pool.query('SELECT COUNT(*) AS n FROM api_keys WHERE created_by = $1 AND deleted_at IS NULL', [callerId])).rows[0];
    return v.parse(v.object({ n: v.number() }), row).n;
  }

  async insert(key: NewKey, now: number): Promise<KeyRecord> {
    const columns: [string, unknown][] = [
      ['id', key.id],
      ['key_hash', key.hash],
      ['env', key.env],
      ['created_at', now],
      ['source', 'api'],
      ['created_by', key.createdBy],
      ['prefix', key.prefix],
      ...settingColumns(key.settings),
    ];
    const created = await this.#one(
      `INSERT INTO api_keys (${columns.map(([column]) => column).join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      columns.map(([, value]) => value),
    );
    if (created === undefined) throw new Error('the key insert returned no row');
    return created;
  }

  async update(id: string, settings: KeySettings): Promise<KeyRecord | undefined> {
    const columns = settingColumns(settings);
    if (columns.length === 0) return this.find(id);
    return this.#one(
      `UPDATE api_keys SET ${columns.map(([column], i) => `${column} = $${i + 2}`).join(', ')}
       WHERE id = $1 AND deleted_at IS NULL RETURNING *`,
      [id, ...columns.map(([, value]) => value)],
    );
  }

  async delete(id: string, now: number): Promise<boolean> {
    const result = await this.#pool.query(
      "UPDATE api_keys SET deleted_at = $2, is_active = 0 WHERE id = $1 AND source = 'api' AND deleted_at IS NULL",
      [id, now],
    );
    return result.rowCount === 1;
  }

  async touch(id: string, now: number, everyMs = 60_000): Promise<void> {
    await this.#pool.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)', [id, now, now - everyMs]);
  }

  async setSigningSecret(id: string, secret: string): Promise<void> {
    await this.#pool.query('UPDATE api_keys SET signing_secret = $2 WHERE id = $1', [id, secret]);
  }

  async #one(sql: string, params: unknown[]): Promise<KeyRecord | undefined> {
    const row: unknown = (await this.#pool.query(sql, params)).rows[0];
    return row === undefined ? undefined : keyFromRow(row);
  }
}
