import * as v from 'valibot';
import type { Db } from './db';
import { type Session, sessionFromRow } from './session-store';

export interface ListedSession {
  session: Session;
  imagesCount: number;
}

const CountRow = v.object({ total: v.number() });
const ImagesCount = v.object({ images_count: v.number() });

/**
 * One page of a key's sessions, newest first. `rowid` breaks ties between sessions created in the same
 * millisecond, so pages never repeat or skip a row.
 */
export function listSessionsOfKey(db: Db, apiKeyId: string, limit: number, offset: number): ListedSession[] {
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT COUNT(*) FROM images i WHERE i.session_id = s.id) AS images_count
       FROM sessions s WHERE s.api_key_id = ?
       ORDER BY s.created_at DESC, s.rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(apiKeyId, limit, offset);
  return rows.map((row) => ({ session: sessionFromRow(row), imagesCount: v.parse(ImagesCount, row).images_count }));
}

export function countSessionsOfKey(db: Db, apiKeyId: string): number {
  return v.parse(CountRow, db.prepare('SELECT COUNT(*) AS total FROM sessions WHERE api_key_id = ?').get(apiKeyId)).total;
}
