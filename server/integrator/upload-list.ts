import * as v from 'valibot';
import type { Db } from '../db';
import { PROJECT } from './project';

export type UploadStatus = 'delivered' | 'failed' | 'partial' | 'pending' | 'stored_only';

const ImageRow = v.object({
  id: v.string(),
  filename: v.string(),
  size_bytes: v.number(),
  mime_type: v.string(),
  source: v.string(),
  is_encrypted: v.number(),
  created_at: v.number(),
  session_id: v.string(),
  env: v.string(),
});
const DeliveryRow = v.object({ image_id: v.string(), status: v.string(), type: v.string() });
const Count = v.object({ n: v.number() });

/**
 * What the deliveries of one photo add up to: none planned → stored_only; every one sent → delivered; every one
 * given up → failed; some sent and some given up, none waiting → partial; anything still on its way → pending.
 */
export function uploadStatus(statuses: readonly string[]): UploadStatus {
  if (statuses.length === 0) return 'stored_only';
  const sent = statuses.filter((s) => s === 'sent').length;
  const failed = statuses.filter((s) => s === 'failed').length;
  if (sent === statuses.length) return 'delivered';
  if (failed === statuses.length) return 'failed';
  return sent + failed === statuses.length ? 'partial' : 'pending';
}

/** One page of the photos received by the key's sessions, newest first (`GET /api/v1/uploads`, `/uploads/recent`). */
export function listUploadsOfKey(db: Db, apiKeyId: string, limit: number, offset: number): UploadView[] {
  const images = db
    .prepare(
      `SELECT i.id, i.filename, i.size_bytes, i.mime_type, i.source, i.is_encrypted, i.created_at, i.session_id, s.env
       FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = ?
       ORDER BY i.created_at DESC, i.rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(apiKeyId, limit, offset);
  const deliveries =
    images.length === 0
      ? []
      : db
          .prepare(
            `SELECT d.image_id, d.status, t.type FROM deliveries d JOIN destinations t ON t.id = d.destination_id
             WHERE d.image_id IN (${images.map(() => '?').join(',')}) ORDER BY d.created_at, d.id`,
          )
          .all(...images.map((row) => v.parse(ImageRow, row).id));
  return uploadViews(images, deliveries);
}

export type UploadView = ReturnType<typeof uploadViews>[number];

/**
 * The page of `GET /api/v1/uploads` from the rows of its two queries, on either backend: the photos (id, filename,
 * size_bytes, mime_type, source, is_encrypted, created_at, session_id and the session's env), newest first, and
 * their deliveries (image_id, status, the destination's type), oldest first.
 */
export function uploadViews(imageRows: readonly unknown[], deliveryRows: readonly unknown[]) {
  const images = imageRows.map((row) => v.parse(ImageRow, row));
  const deliveries = new Map<string, { status: string; type: string }[]>();
  for (const row of deliveryRows.map((delivery) => v.parse(DeliveryRow, delivery))) {
    deliveries.set(row.image_id, [...(deliveries.get(row.image_id) ?? []), row]);
  }
  return images.map((image) => {
    const own = deliveries.get(image.id) ?? [];
    const breakdown = new Map<string, number>();
    for (const d of own) breakdown.set(d.type, (breakdown.get(d.type) ?? 0) + 1);
    return {
      id: image.id,
      filename: image.filename,
      sizeBytes: image.size_bytes,
      mimeType: image.mime_type,
      source: image.source,
      isEncrypted: image.is_encrypted === 1,
      env: image.env,
      createdAt: new Date(image.created_at).toISOString(),
      sessionId: image.session_id,
      projectId: PROJECT.id,
      projectName: PROJECT.name,
      destinationsTotal: own.length,
      destinationsDelivered: own.filter((d) => d.status === 'sent').length,
      destinationsFailed: own.filter((d) => d.status === 'failed').length,
      destinationsBreakdown: [...breakdown].map(([type, count]) => ({ type, count })),
      status: uploadStatus(own.map((d) => d.status)),
    };
  });
}

export function countUploadsOfKey(db: Db, apiKeyId: string): number {
  return v.parse(Count, db.prepare('SELECT COUNT(*) AS n FROM images i JOIN sessions s ON s.id = i.session_id WHERE s.api_key_id = ?').get(apiKeyId)).n;
}
