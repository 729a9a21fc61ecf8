import type pg from 'pg';
import * as v from 'valibot';
import type { SessionFile, SessionFilesReader } from '../delivery/delivery-status';
import { DELIVERY_STATUSES } from '../delivery/delivery-store';
const FileRows = v.array(
  v.object({
    image_id: v.string(),
    filename: v.string(),
    size_bytes: v.number(),
    destination_id: v.nullable(v.string()),
    type: v.nullable(v.picklist(['webhook', 'folder'])),
    name: v.nullable(v.string()),
    status: v.nullable(v.picklist(DELIVERY_STATUSES)),
    attempts: v.nullable(v.number()),
    last_error: v.nullable(v.string()),
  }),
);

/**
 * delivery-status's read of a session in a cluster: its photos and their deliveries, in PostgreSQL, in one query
 * (the same order as SQLite's reader: photos by index, deliveries as planned). Rows of a cluster's deliveries appear
 * here as soon as its uploads plan them; a photo with none has an empty `destinations`.
 */
export const pgSessionFiles =
  (pool: pg.Pool): SessionFilesReader =>
  async (sessionId) => {
    const { rows } = await pool.query(
      `SELECT i.id AS image_id, i.filename, i.size_bytes, d.destination_id, t.type, t.name, d.status, d.attempts, d.last_error
       FROM images i
       LEFT JOIN deliveries d ON d.image_id = i.id
       LEFT JOIN destinations t ON t.id = d.destination_id
       WHERE i.session_id = $1
       ORDER BY i.idx, d.created_at, d.id`,
      [sessionId],
    );
    const files = new Map<string, SessionFile>();
    for (const row of v.parse(FileRows, rows)) {
      const file = files.get(row.image_id) ?? { record_id: row.image_id, filename: row.filename, size_bytes: row.size_bytes, destinations: [] };
      files.set(row.image_id, file);
      if (row.destination_id === null || row.status === null) continue;
      file.destinations.push({
        destination_id: row.destination_id,
        type: row.type ?? 'webhook',
        name: row.name ?? '',
        status: row.status,
        attempts: row.attempts ?? 0,
        last_error: row.last_error,
      });
    }
    return [...files.values()];
  };
