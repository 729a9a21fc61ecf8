import type pg from 'pg';
import {
  type Destination,
  type DestinationChange,
  destinationFromRow,
  type NewWebhook,
  newWebhookSecret,
} from '../delivery/destination-store';
import { newId } from '../ids';
import type { DestinationStore } from './destinations';
import { inTransaction, type Queryable } from './pg-transaction';

/** The key's live destinations, oldest first (`id` breaks ties, as SQLite's store does). Also read by the planner. */
export async function listKeyDestinations(queryable: Queryable, apiKeyId: string): Promise<Destination[]> {
  const { rows } = await queryable.query('SELECT * FROM destinations WHERE api_key_id = $1 AND deleted_at IS NULL ORDER BY created_at, id', [apiKeyId]);
  return rows.map(destinationFromRow);
}

/**
 * The DestinationStore of a cluster: the same rows as SQLite's, in PostgreSQL, shared by every instance. A key's
 * default set is changed under a lock on its destinations, so two instances setting defaults at once end with one
 * of the two sets, never a mix. The store does not own the pool.
 */
export class PgDestinationStore implements DestinationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async createWebhook(input: NewWebhook, now: number): Promise<Destination> {
    const { rows } = await this.#pool.query(
      `INSERT INTO destinations (id, api_key_id, type, name, url, format, secret, is_default, created_at, updated_at)
       VALUES ($1, $2, 'webhook', $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
      [newId(), input.apiKeyId, input.name, input.url, input.format, newWebhookSecret(), input.isDefault ? 1 : 0, now],
    );
    return destinationFromRow(rows[0]);
  }

  async find(id: string): Promise<Destination | undefined> {
    const row: unknown = (await this.#pool.query('SELECT * FROM destinations WHERE id = $1', [id])).rows[0];
    return row === undefined ? undefined : destinationFromRow(row);
  }

  listOfKey(apiKeyId: string): Promise<Destination[]> {
    return listKeyDestinations(this.#pool, apiKeyId);
  }

  async delete(apiKeyId: string, id: string, now: number): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE destinations SET deleted_at = $3 WHERE id = $1 AND api_key_id = $2 AND deleted_at IS NULL',
      [id, apiKeyId, now],
    );
    return result.rowCount === 1;
  }

  async update(apiKeyId: string, id: string, change: DestinationChange, now: number): Promise<Destination | undefined> {
    // One statement: each field keeps its stored value unless the change gives one (COALESCE of a null parameter).
    const row: unknown = (
      await this.#pool.query(
        `UPDATE destinations SET name = COALESCE($3, name), url = COALESCE($4, url), format = COALESCE($5, format),
           is_active = COALESCE($6, is_active), updated_at = $7
         WHERE id = $1 AND api_key_id = $2 AND deleted_at IS NULL RETURNING *`,
        [id, apiKeyId, change.name ?? null, change.url ?? null, change.format ?? null, change.isActive === undefined ? null : change.isActive ? 1 : 0, now],
      )
    ).rows[0];
    return row === undefined ? undefined : destinationFromRow(row);
  }

  setDefaults(apiKeyId: string, ids: readonly string[], now: number): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM destinations WHERE api_key_id = $1 AND deleted_at IS NULL ORDER BY id FOR UPDATE',
        [apiKeyId],
      );
      const owned = new Set(rows.map((row) => row.id));
      if (!ids.every((id) => owned.has(id))) return false;
      await client.query(
        `UPDATE destinations SET is_default = CASE WHEN id = ANY($2::text[]) THEN 1 ELSE 0 END, updated_at = $3
         WHERE api_key_id = $1 AND deleted_at IS NULL`,
        [apiKeyId, [...ids], now],
      );
      return true;
    });
  }
}
