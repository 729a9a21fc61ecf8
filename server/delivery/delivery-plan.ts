import * as v from 'valibot';
import type { Db } from '../db';
import { newId } from '../ids';
import { findSession } from '../session-store';
import { FOLDER_DESTINATION_ID, findOwnedDestinations, listDestinations } from './destination-store';

const ImageSession = v.object({ session_id: v.string() });
const ImageIds = v.array(v.object({ id: v.string() }));

/**
 * Where one photo goes: the session's `destination_ids` when it names any, otherwise the key's default
 * destinations; plus the local folder when DELIVERY_FOLDER is set.
 */
function destinationIdsFor(db: Db, sessionId: string, folderEnabled: boolean): string[] {
  const session = findSession(db, sessionId);
  if (session === undefined) return [];
  const ids: string[] = [];
  if (session.apiKeyId !== null) {
    const chosen =
      session.destinationIds.length > 0
        ? findOwnedDestinations(db, session.apiKeyId, session.destinationIds)
        : listDestinations(db, session.apiKeyId).filter((d) => d.isDefault);
    ids.push(...chosen.filter((d) => d.type === 'webhook').map((d) => d.id));
  }
  if (folderEnabled) ids.push(FOLDER_DESTINATION_ID);
  return ids;
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
