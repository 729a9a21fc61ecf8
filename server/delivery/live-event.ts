import type { UploadStore } from '../cluster/store';
import type { SessionEvent } from '../events';
import { sessionStatus } from '../session/session-store';
import type { StoredImage } from '../storage/stored-image';

export interface LiveEventBody {
  name: string;
  data: Record<string, unknown>;
}

/**
 * What an SSE client sees of a bus event, its photo read from the store (image:ready names only its id), or null
 * for events the stream does not carry.
 */
export async function readLiveEvent(uploads: UploadStore, event: SessionEvent): Promise<LiveEventBody | null> {
  return liveEventFrom(event, event.type === 'image:ready' ? await uploads.findSessionImage(event.sessionId, event.imageId) : undefined);
}

/**
 * What an SSE client sees of a bus event, given the photo of an image:ready (null when it is gone). The stream needs
 * no key (the session id is the capability), so it carries what the phone and the desk may see: the photo's name
 * and size, delivery outcomes, never a server path (`location`) nor a destination's URL.
 */
function liveEventFrom(event: SessionEvent, image: StoredImage | undefined): LiveEventBody | null {
  const at = new Date(event.at).toISOString();
  switch (event.type) {
    case 'image:ready': {
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
export async function connectedSnapshot(uploads: UploadStore, sessionId: string, now: number): Promise<Record<string, unknown>> {
  const session = await uploads.findSession(sessionId);
  if (session === undefined) return { sessionId };
  const imagesCount = await uploads.countImages(sessionId);
  return {
    sessionId,
    status: sessionStatus(session, imagesCount, now),
    imagesCount,
    maxImages: session.maxImages,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}
