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

/** `changedAt`: the session's change clock (session-events.ts `SessionMark`), read by the caller from the live store. */
export function deliveryStatus(db: Db, session: Session, changedAt: number, now: number): DeliveryStatusBody {
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
    lastChanged: new Date(lastChangedAt(session, changedAt, now)).toISOString(),
  };
}

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
