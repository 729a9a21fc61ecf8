import * as v from 'valibot';
import type { Db } from '../db';
import { type Session, sessionFromRow } from './session-store';

export interface ListedSession {
  session: Session;
  imagesCount: number;
  /** Photos whose every delivery is `sent` (photos without any delivery are in neither count). */
  imagesDelivered: number;
  /** Photos with at least one delivery that gave up (`failed`). */
  imagesFailed: number;
}

const CountRow = v.object({ total: v.number() });
const ImageCounts = v.object({ images_count: v.number(), images_delivered: v.number(), images_failed: v.number() });

/**
 * One page of a key's sessions, newest first. `rowid` breaks ties between sessions created in the same
 * millisecond, so pages never repeat or skip a row.
 */
export function listSessionsOfKey(db: Db, apiKeyId: string, limit: number, offset: number): ListedSession[] {
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT COUNT(*) FROM images i WHERE i.session_id = s.id) AS images_count,
         (SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d WHERE d.session_id = s.id GROUP BY d.image_id
            HAVING MIN(d.status = 'sent') = 1)) AS images_delivered,
         (SELECT COUNT(DISTINCT d.image_id) FROM deliveries d WHERE d.session_id = s.id AND d.status = 'failed') AS images_failed
       FROM sessions s WHERE s.api_key_id = ?
       ORDER BY s.created_at DESC, s.rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(apiKeyId, limit, offset);
  return rows.map(listedSessionFromRow);
}

/** A row of a session list query (the session's columns plus its three counts), on either backend. */
export function listedSessionFromRow(row: unknown): ListedSession {
  const counts = v.parse(ImageCounts, row);
  return {
    session: sessionFromRow(row),
    imagesCount: counts.images_count,
    imagesDelivered: counts.images_delivered,
    imagesFailed: counts.images_failed,
  };
}

export function countSessionsOfKey(db: Db, apiKeyId: string): number {
  return v.parse(CountRow, db.prepare('SELECT COUNT(*) AS total FROM sessions WHERE api_key_id = ?').get(apiKeyId)).total;
}
