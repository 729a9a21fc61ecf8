import path from 'node:path';
import * as v from 'valibot';
import type { DataPaths } from '../context';
import type { Db } from '../db';

/** What delivery needs to know about a stored photo (the upload route owns writing them). */
export interface ImageRecord {
  id: string;
  sessionId: string;
  /** 1-based position in its session. */
  index: number;
  /** The name the phone gave it (already cleaned by the upload route; cleaned again before touching disk). */
  filename: string;
  storageName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  source: string;
  createdAt: number;
  acknowledgedAt: number | null;
}

/** The `images` columns delivery reads, parsed: the database is a boundary too. */
const ImageRow = v.pipe(
  v.object({
    id: v.string(),
    session_id: v.string(),
    idx: v.number(),
    filename: v.string(),
    storage_name: v.string(),
    mime_type: v.string(),
    size_bytes: v.number(),
    sha256: v.string(),
    source: v.string(),
    created_at: v.number(),
    acknowledged_at: v.nullable(v.number()),
  }),
  v.transform(
    (row): ImageRecord => ({
      id: row.id,
      sessionId: row.session_id,
      index: row.idx,
      filename: row.filename,
      storageName: row.storage_name,
      mimeType: row.mime_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      source: row.source,
      createdAt: row.created_at,
      acknowledgedAt: row.acknowledged_at,
    }),
  ),
);

const fromRow = (row: unknown): ImageRecord => v.parse(ImageRow, row);

export function findImage(db: Db, id: string): ImageRecord | undefined {
  const row = db.prepare('SELECT * FROM images WHERE id = ?').get(id);
  return row === undefined ? undefined : fromRow(row);
}

export function listSessionImages(db: Db, sessionId: string): ImageRecord[] {
  return db.prepare('SELECT * FROM images WHERE session_id = ? ORDER BY idx').all(sessionId).map(fromRow);
}

/** Where the upload route keeps the bytes: `<images>/<session id>/<storage name>`. */
export const imageFilePath = (paths: DataPaths, image: ImageRecord): string =>
  path.join(paths.images, image.sessionId, path.basename(image.storageName));
