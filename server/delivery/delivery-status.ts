import * as v from 'valibot';
import type { Db } from '../db';
import { countImages, type Session, sessionStatus, type SessionStatus } from '../session/session-store';
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

export function deliveryStatus(db: Db, session: Session, now: number): DeliveryStatusBody {
  const deliveries = listSessionDeliveries(db, session.id);
  const destinations = new Map<string, Destination | undefined>();
  const destinationOf = (id: string) => {
    if (!destinations.has(id)) destinations.set(id, findDestination(db, id));
    return destinations.get(id);
  };
  const files = listSessionImages(db, session.id).map((image) => ({
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
  return {
    status: sessionStatus(session, countImages(db, session.id), now),
    files,
    lastChanged: new Date(lastChangedAt(db, session, now)).toISOString(),
  };
}

const Latest = v.object({ latest: v.nullable(v.number()) });

/**
 * When anything visible in delivery-status last changed: the session (created, updated, completed, or expired by
 * the clock), a photo (arrived, acknowledged) or a delivery (any state change). Derived from the rows themselves,
 * so there is no separate "changed" marker to keep in step.
 */
export function lastChangedAt(db: Db, session: Session, now: number): number {
  const images = v.parse(
    Latest,
    db
      .prepare('SELECT MAX(MAX(created_at), COALESCE(MAX(acknowledged_at), 0)) AS latest FROM images WHERE session_id = ?')
      .get(session.id),
  );
  const deliveries = v.parse(Latest, db.prepare('SELECT MAX(updated_at) AS latest FROM deliveries WHERE session_id = ?').get(session.id));
  return Math.max(
    session.createdAt,
    session.updatedAt,
    session.completedAt ?? 0,
    session.expiresAt <= now ? session.expiresAt : 0,
    images.latest ?? 0,
    deliveries.latest ?? 0,
  );
}
