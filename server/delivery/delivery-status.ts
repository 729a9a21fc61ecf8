import type { Db } from '../db';
import { type Session, sessionStatus, type SessionStatus } from '../session/session-store';
import { type DeliveryStatus, listSessionDeliveries } from './delivery-store';
import { type Destination, findDestination } from './destination-store';
import { listSessionImages } from './image-record';

/** The body of GET /api/v1/upload-sessions/{uuid}/delivery-status (API.md). */
export interface DeliveryStatusBody {
  status: SessionStatus;
  files: {
    record_id: string;
    filename: string;
    size_bytes: number;
    destinations: {
      destination_id: string;
      type: Destination['type'];
      name: string;
      status: DeliveryStatus;
      attempts: number;
      last_error: string | null;
    }[];
  }[];
  /** ISO 8601; the `pollFrom` to send next. */
  lastChanged: string;
}

export type SessionFile = DeliveryStatusBody['files'][number];

/**
 * Where delivery-status reads a session's photos (in upload order), each with its deliveries (in the order they
 * were planned) and their destinations' type and name: this file's SQLite reader, or PostgreSQL's in a cluster
 * (server/cluster/pg-session-files.ts).
 */
export type SessionFilesReader = (sessionId: string) => Promise<SessionFile[]>;

/**
 * The body of delivery-status. `changedAt`: the session's change clock (session-events.ts `SessionMark`), read by
 * the caller from the live store.
 */
export async function deliveryStatus(files: SessionFilesReader, session: Session, changedAt: number, now: number): Promise<DeliveryStatusBody> {
  const list = await files(session.id);
  return {
    status: sessionStatus(session, list.length, now),
    files: list,
    lastChanged: new Date(lastChangedAt(session, changedAt, now)).toISOString(),
  };
}

/** The session files of `npm start`, in its SQLite file. */
export const sqliteSessionFiles = (db: Db): SessionFilesReader => async (sessionId) => {
  const deliveries = listSessionDeliveries(db, sessionId);
  const destinations = new Map<string, Destination | undefined>();
  const destinationOf = (id: string) => {
    if (!destinations.has(id)) destinations.set(id, findDestination(db, id));
    return destinations.get(id);
  };
  return listSessionImages(db, sessionId).map((image) => ({
    record_id: image.id,
    filename: image.filename,
    size_bytes: image.sizeBytes,
    destinations: deliveries
      .filter((delivery) => delivery.imageId === image.id)
      .map((delivery) => {
        const destination = destinationOf(delivery.destinationId);
        return {
          destination_id: delivery.destinationId,
          type: destination?.type ?? 'webhook',
          name: destination?.name ?? '',
          status: delivery.status,
          attempts: delivery.attempts,
          last_error: delivery.lastError,
        };
      }),
  }));
};

/**
 * When anything visible in delivery-status last changed: the session's change clock, which every change moves (the
 * session updated or completed, a photo arrived or acknowledged, any delivery state change: delivery-service.ts),
 * or its expiry once the clock has passed it. The change clock never goes back and always moves, so a client's
 * `pollFrom` (a `lastChanged` it was given) is behind every later change even when the instances' clocks disagree.
 * A session nothing changed yet has its creation time.
 */
export function lastChangedAt(session: Pick<Session, 'createdAt' | 'expiresAt'>, changedAt: number, now: number): number {
  return Math.max(session.createdAt, changedAt, session.expiresAt <= now ? session.expiresAt : 0);
}
