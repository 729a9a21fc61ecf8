import { chooseDestinations } from '../delivery/delivery-plan';
import { newId } from '../ids';
import { sessionFromRow } from '../session/session-store';
import { listKeyDestinations } from './pg-destinations';
import type { Queryable } from './pg-transaction';

/**
 * PostgreSQL's planDeliveries (delivery/delivery-plan.ts): creates the deliveries of one photo, once, and marks it
 * planned. PgUploadStore calls it on the connection of the transaction that inserts the image, under the session's
 * row lock, so a committed photo always has its deliveries and a failed plan takes the photo's row with it. The
 * session and its key's destinations are read here, at commit time, as in SQLite. A cluster has no folder
 * destination (config.ts refuses DELIVERY_FOLDER there). Returns how many deliveries were made (0 if planned already).
 */
export async function planPgDeliveries(client: Queryable, image: { id: string; sessionId: string }, now: number): Promise<number> {
  const marked = await client.query('INSERT INTO delivery_plans (image_id, planned_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [image.id, now]);
  if (marked.rowCount === 0) return 0;
  const row: unknown = (await client.query('SELECT * FROM sessions WHERE id = $1', [image.sessionId])).rows[0];
  if (row === undefined) return 0;
  const session = sessionFromRow(row);
  const destinations = chooseDestinations(session, session.apiKeyId === null ? [] : await listKeyDestinations(client, session.apiKeyId), false);
  if (destinations.length === 0) return 0;
  const created = await client.query(
    `INSERT INTO deliveries (id, image_id, session_id, destination_id, status, next_attempt_at, created_at, updated_at)
     SELECT id, $2, $3, destination_id, 'pending', $4, $4, $4 FROM unnest($1::text[], $5::text[]) AS d(id, destination_id)
     ON CONFLICT DO NOTHING`,
    [destinations.map(() => newId()), image.id, image.sessionId, now, destinations.map((d) => d.id)],
  );
  return created.rowCount ?? 0;
}
