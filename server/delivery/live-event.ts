import type { Db } from '../db';
import type { SessionEvent } from '../events';
import { findSession, countImages, sessionStatus } from '../session/session-store';
import { findImage } from './image-record';

export interface LiveEventBody {
  name: string;
  data: Record<string, unknown>;
}

/**
 * What an SSE client sees of a bus event, or null for events the stream does not carry. The stream needs no
 * key (the session id is the capability), so it carries what the phone and the desk may see: the photo's
 * name and size, delivery outcomes, never a server path (`location`) nor a destination's URL.
 */
export function liveEventOf(db: Db, event: SessionEvent): LiveEventBody | null {
  const at = new Date(event.at).toISOString();
  switch (event.type) {
    case 'image:ready': {
      const image = findImage(db, event.imageId);
      if (image === undefined) return null;
      return {
        name: event.type,
        data: {
          sessionId: event.sessionId,
          imageId: event.imageId,
          // Apertur's Node SDK documents `data.filename` on image:ready; the full record stays under `image`.
          filename: image.filename,
          at,
          image: {
            id: image.id,
            index: image.index,
            filename: image.filename,
            size_bytes: image.sizeBytes,
            mime_type: image.mimeType,
            source: image.source,
            created_at: new Date(image.createdAt).toISOString(),
          },
        },
      };
    }
    case 'image:delivering':
      return {
        name: event.type,
        data: { sessionId: event.sessionId, imageId: event.imageId, destinationId: event.destinationId, attempt: event.attempt, at },
      };
    case 'image:delivered':
      return { name: event.type, data: { sessionId: event.sessionId, imageId: event.imageId, destinationId: event.destinationId, at } };
    case 'image:failed':
      return {
        name: event.type,
        data: { sessionId: event.sessionId, imageId: event.imageId, destinationId: event.destinationId, error: event.error, at },
      };
    case 'session:completed':
    case 'session:updated':
      return { name: event.type, data: { sessionId: event.sessionId, at } };
    case 'image:acknowledged':
    case 'upload:started':
      return null;
  }
}

/** The `connected` event: a snapshot, so a client that reconnects after a server restart can resynchronise. */
export function connectedSnapshot(db: Db, sessionId: string, now: number): Record<string, unknown> {
  const session = findSession(db, sessionId);
  if (session === undefined) return { sessionId };
  const imagesCount = countImages(db, sessionId);
  return {
    sessionId,
    status: sessionStatus(session, imagesCount, now),
    imagesCount,
    maxImages: session.maxImages,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}
