import * as v from 'valibot';
import type { Db } from '../db';
import { newId } from '../ids';
import { findSession, type Session } from '../session-store';
import {
  type DestinationType,
  FOLDER_DESTINATION_ID,
  FOLDER_DESTINATION_NAME,
  findOwnedDestinations,
  listDestinations,
} from './destination-store';

const ImageSession = v.object({ session_id: v.string() });
const ImageIds = v.array(v.object({ id: v.string() }));

/** A destination as the session replies name it: `{id, type, name}`, the element type Apertur's SDKs decode. */
export interface SessionDestination {
  id: string;
  type: DestinationType;
  name: string;
}

/**
 * Where the session's photos go: its `destination_ids` when it names any, otherwise the key's default
 * destinations (only those the key owns and has not deleted); plus the local folder when DELIVERY_FOLDER is set.
 */
export function sessionDestinations(db: Db, session: Session, folderEnabled: boolean): SessionDestination[] {
  const chosen =
    session.apiKeyId === null
      ? []
      : session.destinationIds.length > 0
        ? findOwnedDestinations(db, session.apiKeyId, session.destinationIds)
        : listDestinations(db, session.apiKeyId).filter((d) => d.isDefault);
  const list: SessionDestination[] = chosen.filter((d) => d.type === 'webhook').map(({ id, type, name }) => ({ id, type, name }));
  if (folderEnabled) list.push({ id: FOLDER_DESTINATION_ID, type: 'folder', name: FOLDER_DESTINATION_NAME });
  return list;
}

function destinationIdsFor(db: Db, sessionId: string, folderEnabled: boolean): string[] {
  const session = findSession(db, sessionId);
  return session === undefined ? [] : sessionDestinations(db, session, folderEnabled).map((d) => d.id);
}

/**
 * Creates the deliveries of one photo, once: the plan marker and the rows go in one transaction, so a crash
 * leaves either all of them or none (and `planMissing` catches up at the next start). Returns how many were made.
 */
export function planDeliveries(db: Db, imageId: string, folderEnabled: boolean, now: number): number {
  return db.transaction(() => {
    const row = db.prepare('SELECT session_id FROM images WHERE id = ?').get(imageId);
    if (row === undefined) return 0;
    const image = v.parse(ImageSession, row);
    const marked = db.prepare('INSERT OR IGNORE INTO delivery_plans (image_id, planned_at) VALUES (?, ?)').run(imageId, now);
    if (marked.changes === 0) return 0;
    const insert = db.prepare(
      `INSERT OR IGNORE INTO deliveries (id, image_id, session_id, destination_id, status, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`,
    );
    let created = 0;
    for (const destinationId of destinationIdsFor(db, image.session_id, folderEnabled)) {
      created += insert.run(newId(), imageId, image.session_id, destinationId, now, now, now).changes;
    }
    return created;
  })();
}

/** Photos committed but never planned (the process died between the two): plan them now. */
export function planMissing(db: Db, folderEnabled: boolean, now: number): number {
  const rows = v.parse(
    ImageIds,
    db.prepare('SELECT id FROM images WHERE id NOT IN (SELECT image_id FROM delivery_plans) ORDER BY created_at').all(),
  );
  return rows.reduce((sum, row) => sum + planDeliveries(db, row.id, folderEnabled, now), 0);
}
