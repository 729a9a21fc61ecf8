import type pg from 'pg';
import * as v from 'valibot';
import { type KeyTotals, keyTotalsFromRow } from '../integrator/stats';
import { type UploadView, uploadViews } from '../integrator/upload-list';
import { type ListedSession, listedSessionFromRow } from '../session/session-list';
import type { ListStore } from './list-store';

const Count = v.object({ n: v.number() });
const Ids = v.array(v.object({ id: v.string() }));

/**
 * The ListStore of a cluster: SQLite's queries in PostgreSQL's dialect, on the rows every instance shares. Where
 * SQLite breaks ties between rows of the same millisecond by `rowid`, PostgreSQL has none: sessions fall back to
 * their id, photos to their session and index, both unique, so a page never repeats or skips a row (within one
 * millisecond the order is stable, not the insertion order). A photo is delivered when `bool_and` of its deliveries
 * being sent holds (SQLite: `MIN(status = 'sent') = 1`). The pool is the cluster's: it is not ended here.
 */
export class PgListStore implements ListStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async listSessions(apiKeyId: string, limit: number, offset: number): Promise<ListedSession[]> {
    const { rows } = await this.#pool.query(
      `SELECT s.*, (SELECT COUNT(*) FROM images i WHERE i.session_id = s.id) AS images_count,
         (SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d WHERE d.session_id = s.id GROUP BY d.image_id
            HAVING bool_and(d.status = 'sent')) AS delivered) AS images_delivered,
         (SELECT COUNT(DISTINCT d.image_id) FROM deliveries d WHERE d.session_id = s.id AND d.status = 'failed') AS images_failed
       FROM sessions s WHERE s.api_key_id = $1
       ORDER BY s.created_at DESC, s.id DESC LIMIT $2 OFFSET $3`,
      [apiKeyId, limit, offset],
    );
    return rows.map(listedSessionFromRow);
  }

  async countSessions(apiKeyId: string): Promise<number> {
    return v.parse(Count, (await this.#pool.query('SELECT COUNT(*) AS n FROM sessions WHERE api_key_id = $1', [apiKeyId])).rows[0]).n;
  }

  async listUploads(apiKeyId: string, limit: number, offset: number): Promise<UploadView[]> {
    const images = (
      await this.#pool.query(
        `SELECT i.id, i.filename, i.size_bytes, i.mime_type, i.source, i.is_encrypted, i.created_at, i.session_id, s.env
         FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = $1
         ORDER BY i.created_at DESC, i.session_id DESC, i.idx DESC LIMIT $2 OFFSET $3`,
        [apiKeyId, limit, offset],
      )
    ).rows;
    const ids = v.parse(Ids, images).map((image) => image.id);
    const deliveries =
      ids.length === 0
        ? []
        : (
            await this.#pool.query(
              `SELECT d.image_id, d.status, t.type FROM deliveries d JOIN destinations t ON t.id = d.destination_id
               WHERE d.image_id = ANY($1::text[]) ORDER BY d.created_at, d.id`,
              [ids],
            )
          ).rows;
    return uploadViews(images, deliveries);
  }

  async countUploads(apiKeyId: string): Promise<number> {
    const row: unknown = (
      await this.#pool.query('SELECT COUNT(*) AS n FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = $1', [apiKeyId])
    ).rows[0];
    return v.parse(Count, row).n;
  }

  async totals(apiKeyId: string, since: number): Promise<KeyTotals> {
    const row: unknown = (
      await this.#pool.query(
        `SELECT
           (SELECT COUNT(*) FROM sessions WHERE api_key_id = $1) AS sessions_total,
           (SELECT COUNT(*) FROM sessions WHERE api_key_id = $1 AND created_at >= $2) AS sessions_this_month,
           (SELECT COUNT(*) FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = $1) AS images_uploaded,
           (SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = $1
              GROUP BY d.image_id HAVING bool_and(d.status = 'sent')) AS delivered) AS images_delivered,
           (SELECT COUNT(*) FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = $1 AND d.status = 'sent') AS deliveries_sent,
           (SELECT COUNT(*) FROM deliveries d JOIN sessions s ON s.id = d.session_id WHERE s.api_key_id = $1 AND d.status = 'failed') AS deliveries_failed`,
        [apiKeyId, since],
      )
    ).rows[0];
    return keyTotalsFromRow(row);
  }
}
