import * as v from 'valibot';
import { type Db, statement } from '../db';
import { newId } from '../ids';
import type { SessionDestination } from '../session/session-destination';
import { findSession, type Session } from '../session/session-store';
import type { DestinationStore } from '../cluster/destinations';
import { type Destination, FOLDER_DESTINATION_ID, FOLDER_DESTINATION_NAME, listDestinations } from './destination-store';

const Unplanned = v.array(v.object({ id: v.string(), session_id: v.string() }));

/**
 * Where the session's photos go, given the key's live destinations: its `destination_ids` when it names any (only
 * those the key owns), otherwise the key's defaults; switched-off ones receive nothing; plus the local folder when
 * DELIVERY_FOLDER is set.
 */
export function chooseDestinations(session: Session, keyDestinations: readonly Destination[], folderEnabled: boolean): SessionDestination[] {
  const owned = new Map(keyDestinations.map((d) => [d.id, d]));
  const chosen = session.destinationIds.length > 0 ? session.destinationIds.flatMap((id) => owned.get(id) ?? []) : keyDestinations.filter((d) => d.isDefault);
  const list: SessionDestination[] = chosen.filter((d) => d.type === 'webhook' && d.isActive).map(({ id, type, name }) => ({ id, type, name }));
  if (folderEnabled) list.push({ id: FOLDER_DESTINATION_ID, type: 'folder', name: FOLDER_DESTINATION_NAME });
  return list;
}

/** Where the session's photos go (chooseDestinations), read from SQLite. */
export function sessionDestinations(db: Db, session: Session, folderEnabled: boolean): SessionDestination[] {
  return chooseDestinations(session, session.apiKeyId === null ? [] : listDestinations(db, session.apiKeyId), folderEnabled);
}

/** Where the session's photos go (chooseDestinations), read from either backend's store. */
export async function destinationsOfSession(store: DestinationStore, session: Session, folderEnabled: boolean): Promise<SessionDestination[]> {
  return chooseDestinations(session, session.apiKeyId === null ? [] : await store.listOfKey(session.apiKeyId), folderEnabled);
}

/**
 * Creates the deliveries of one photo, once, and marks it planned: call it inside the transaction that inserts
 * the image (the upload does, through insertImageIfRoom), so that a committed photo always has its deliveries
 * and a crash leaves both or neither. The session is read here, at commit time, so destinations changed during
 * a long upload are the ones used. Returns how many deliveries were made (0 if it was planned already).
 */
export function planDeliveries(db: Db, image: { id: string; sessionId: string }, folderEnabled: boolean, now: number): number {
  if (!db.inTransaction) throw new Error('planDeliveries must run inside the transaction that stores the image');
  const marked = statement(db, 'INSERT OR IGNORE INTO delivery_plans (image_id, planned_at) VALUES (?, ?)').run(image.id, now);
  if (marked.changes === 0) return 0;
  const session = findSession(db, image.sessionId);
  if (session === undefined) return 0;
  const insert = statement(
    db,
    `INSERT OR IGNORE INTO deliveries (id, image_id, session_id, destination_id, status, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  let created = 0;
  for (const destination of sessionDestinations(db, session, folderEnabled)) {
    created += insert.run(newId(), image.id, image.sessionId, destination.id, now, now, now).changes;
  }
  return created;
}

/**
 * Photos stored but never planned: rows written before planning moved into the upload's own transaction (when
 * a crash between the two could lose it). Plans them at start-up, each in its own transaction.
 */
export function planMissing(db: Db, folderEnabled: boolean, now: number): number {
  const rows = v.parse(
    Unplanned,
    db.prepare('SELECT id, session_id FROM images WHERE id NOT IN (SELECT image_id FROM delivery_plans) ORDER BY created_at').all(),
  );
  const plan = db.transaction((row: (typeof rows)[number]) => planDeliveries(db, { id: row.id, sessionId: row.session_id }, folderEnabled, now));
  return rows.reduce((sum, row) => sum + plan(row), 0);
}
