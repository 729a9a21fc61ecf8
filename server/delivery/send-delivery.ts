import type { DestinationStore } from '../cluster/destinations';
import type { UploadStore } from '../cluster/store';
import { DELIVERY } from '../limits';
import type { Session } from '../session/session-store';
import { DiskPhotoStore } from '../storage/disk-photo-store';
import type { PhotoStore } from '../storage/photo-store';
import { readPhoto } from '../storage/read-photo';
import type { StoredImage } from '../storage/stored-image';
import type { Delivery } from './delivery-store';
import type { Destination } from './destination-store';
import { copyToFolder } from './folder-destination';
import { photoFileName } from './safe-name';
import { checkWebhookUrl } from './ssrf-guard';
import { buildWebhookRequest } from './webhook-payload';
import { postWebhook, SendError } from './webhook-transport';

export type SendOutcome =
  | { kind: 'sent'; location: string | null }
  /** Worth another try later (network trouble, non-2xx answer, disk full). */
  | { kind: 'retry'; error: string }
  /** Trying again cannot help (destination deleted, photo gone, URL refused by the guard). */
  | { kind: 'fail'; error: string };

export interface SendContext {
  /** Where the destination, the photo's row and its session are read: SQLite, or PostgreSQL in a cluster. */
  destinations: DestinationStore;
  uploads: UploadStore;
  photos: PhotoStore;
  webhookAllowPrivate: boolean;
  publicUrl: string;
  deliveryFolder: string | null;
}

/**
 * Makes one attempt of one delivery. Every failure of the send becomes an outcome the scheduler records; only a failed
 * read of the rows rejects (the scheduler retries that too).
 */
export async function sendDelivery(context: SendContext, delivery: Delivery, signal: AbortSignal): Promise<SendOutcome> {
  const destination = await context.destinations.find(delivery.destinationId);
  if (destination === undefined || destination.deletedAt !== null) return { kind: 'fail', error: 'destination deleted' };
  const image = await context.uploads.findSessionImage(delivery.sessionId, delivery.imageId);
  const session = await context.uploads.findSession(delivery.sessionId);
  if (image === undefined || session === undefined) return { kind: 'fail', error: 'photo no longer stored' };
  try {
    return destination.type === 'folder'
      ? await toFolder(context, image, session)
      : await toWebhook(context, destination, delivery, image, session, signal);
  } catch (error) {
    if (error instanceof SendError) return { kind: error.permanent ? 'fail' : 'retry', error: error.message };
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT' && destination.type === 'webhook') return { kind: 'fail', error: 'photo no longer stored' };
    return { kind: 'retry', error: code === '' ? 'internal error' : `file system error (${code})` };
  }
}

async function toFolder(context: SendContext, image: StoredImage, session: Session): Promise<SendOutcome> {
  if (context.deliveryFolder === null) return { kind: 'fail', error: 'no delivery folder is configured' };
  // A folder on this machine is filled from this machine's disk (config.ts refuses DELIVERY_FOLDER in a cluster).
  if (!(context.photos instanceof DiskPhotoStore)) return { kind: 'fail', error: 'the folder destination needs the photos on this machine' };
  const location = await copyToFolder({
    root: context.deliveryFolder,
    sessionLabel: session.label,
    sessionId: session.id,
    // An end-to-end photo is copied as its envelope: `<index>-<name>.<ext>.enc`.
    fileName: `${photoFileName(image.index, image.filename, image.mimeType)}${image.isE2e ? '.enc' : ''}`,
    sourcePath: context.photos.pathOf(image),
    sha256: image.sha256,
  });
  return { kind: 'sent', location };
}

async function toWebhook(
  context: SendContext,
  destination: Destination,
  delivery: Delivery,
  image: StoredImage,
  session: Session,
  signal: AbortSignal,
): Promise<SendOutcome> {
  if (destination.url === null || destination.secret === null) return { kind: 'fail', error: 'destination has no URL' };
  // The configuration may have changed since the destination was created: judge the URL by today's rules.
  const verdict = checkWebhookUrl(destination.url, { allowPrivate: context.webhookAllowPrivate, serverOrigin: context.publicUrl });
  if (!verdict.ok) return { kind: 'fail', error: `refused: ${verdict.reason ?? 'URL not allowed'}` };

  const bytes = await readPhoto(context.photos, image);
  const request = buildWebhookRequest(
    destination.format,
    {
      event: 'image.uploaded',
      delivery_id: delivery.id,
      session_id: session.id,
      image_id: image.id,
      index: image.index,
      filename: image.filename,
      mime_type: image.mimeType,
      size_bytes: image.sizeBytes,
      sha256: image.sha256,
      source: image.source,
      tags: session.tags,
      label: session.label,
      created_at: new Date(image.createdAt).toISOString(),
      is_encrypted: image.isEncrypted,
      e2e: image.isE2e,
      width: image.width,
      height: image.height,
    },
    bytes,
    destination.secret,
    delivery.attempts,
  );
  const status = await postWebhook(new URL(destination.url), request.body, request.headers, {
    allowPrivate: context.webhookAllowPrivate,
    signal: AbortSignal.any([signal, AbortSignal.timeout(DELIVERY.webhookTimeoutMs)]),
  });
  return status >= 200 && status < 300 ? { kind: 'sent', location: null } : { kind: 'retry', error: `HTTP ${status}` };
}
