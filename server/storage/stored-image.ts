import * as v from 'valibot';

/** A committed photo: its row in `images`. Times in ms since epoch. */
export interface StoredImage {
  id: string;
  sessionId: string;
  /** 1-based position in its session. */
  index: number;
  /** The uploader's name for it, cleaned (see upload/filename.ts); shown, never used as a path. */
  filename: string;
  /** `<image id>.<ext>`, chosen by the server. */
  storageName: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  source: string;
  idempotencyKey: string | null;
  /** It arrived in an encrypted envelope (API.md, "Encrypted uploads"). */
  isEncrypted: boolean;
  /** (qrdrop) Sealed on the phone for the session's e2e key: the stored file is the envelope; type and size declared. */
  isE2e: boolean;
  createdAt: number;
  acknowledgedAt: number | null;
}

/** The `images` row, parsed: the database is a boundary too. */
const ImageRow = v.pipe(
  v.object({
    id: v.string(),
    session_id: v.string(),
    idx: v.number(),
    filename: v.string(),
    storage_name: v.string(),
    mime_type: v.string(),
    size_bytes: v.number(),
    width: v.nullable(v.number()),
    height: v.nullable(v.number()),
    sha256: v.string(),
    source: v.string(),
    idempotency_key: v.nullable(v.string()),
    is_encrypted: v.number(),
    is_e2e: v.number(),
    created_at: v.number(),
    acknowledged_at: v.nullable(v.number()),
  }),
  v.transform(
    (row): StoredImage => ({
      id: row.id,
      sessionId: row.session_id,
      index: row.idx,
      filename: row.filename,
      storageName: row.storage_name,
      mimeType: row.mime_type,
      sizeBytes: row.size_bytes,
      width: row.width,
      height: row.height,
      sha256: row.sha256,
      source: row.source,
      idempotencyKey: row.idempotency_key,
      isEncrypted: row.is_encrypted === 1,
      isE2e: row.is_e2e === 1,
      createdAt: row.created_at,
      acknowledgedAt: row.acknowledged_at,
    }),
  ),
);

export const imageFromRow = (row: unknown): StoredImage => v.parse(ImageRow, row);
