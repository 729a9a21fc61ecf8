import * as v from 'valibot';

/**
 * One file the server has not confirmed yet, as kept across reloads and killed tabs (IndexedDB in the
 * browser, memory in tests). Keyed by its Idempotency-Key: sent again after a restore, it is stored once.
 */
export interface StoredUpload {
  /** The Idempotency-Key, the same on every attempt of every page life. */
  key: string;
  sessionId: string;
  /** Pick order (restored files go back in this order). */
  order: number;
  source: 'camera' | 'gallery';
  /** The picked file's name, type and size, as the list shows them. */
  name: string;
  originalType: string;
  originalSize: number;
  /** The session's expiry: past it the copy is useless and purged. */
  expiresAt: number;
  /** The picked file, kept until it is prepared (a tab killed during compression loses nothing). */
  original?: StoredOriginal;
  /** What the page means to send (compressed, location removed): what a restore sends. */
  prepared?: StoredBytes & { type: string; name: string };
}

/** Bytes with what a restore checks them against. */
export interface StoredBytes {
  blob: Blob;
  size: number;
  /** Hex SHA-256 of the bytes when they were stored. */
  sha256: string;
}

/**
 * A picked file as kept at pick time: not hashed (reading 10 photos of 5 MB to hash them would hold up the
 * first compression, for a copy that the prepared one replaces seconds later). A restore checks its size
 * and that the browser can still read it; preparing it again then reads every byte and refuses one that is
 * no image. Copies kept by earlier versions of the page carry a SHA-256, and are checked against it.
 */
export type StoredOriginal = Omit<StoredBytes, 'sha256'> & { sha256?: string };

/** The storage the queue needs; IndexedDB in the browser (indexeddb-upload-store.ts). */
export interface UploadStore {
  /** Adds or replaces the record with this key. */
  put(record: StoredUpload): Promise<void>;
  delete(key: string): Promise<void>;
  /** This session's records, in pick order. */
  list(sessionId: string): Promise<StoredUpload[]>;
  /** Drops every record (of any session) that expired before `now`. */
  purgeExpired(now: number): Promise<void>;
}

const bytesSchema = v.object({
  blob: v.instance(Blob),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

const preparedSchema = v.object({ ...bytesSchema.entries, type: v.string(), name: v.string() });
const originalSchema = v.object({ ...bytesSchema.entries, sha256: v.optional(bytesSchema.entries.sha256) });

/** What comes out of storage is parsed like any other input. */
const metadataSchema = v.object({
  key: v.pipe(v.string(), v.nonEmpty()),
  sessionId: v.pipe(v.string(), v.nonEmpty()),
  order: v.number(),
  source: v.picklist(['camera', 'gallery']),
  name: v.string(),
  originalType: v.string(),
  originalSize: v.pipe(v.number(), v.minValue(0)),
  expiresAt: v.number(),
});

/**
 * Records in pick order. Bytes that do not parse count as not kept (the restore then asks for the file
 * again, never drops it silently); a record without even a name cannot be shown, and is left out.
 */
export function parseStoredUploads(rows: readonly unknown[]): StoredUpload[] {
  const records: StoredUpload[] = [];
  for (const row of rows) {
    const metadata = v.safeParse(metadataSchema, row);
    if (!metadata.success) continue;
    const parts = v.safeParse(v.object({ original: v.optional(v.unknown()), prepared: v.optional(v.unknown()) }), row);
    const original = v.safeParse(originalSchema, parts.success ? parts.output.original : undefined);
    const prepared = v.safeParse(preparedSchema, parts.success ? parts.output.prepared : undefined);
    records.push({
      ...metadata.output,
      ...(original.success ? { original: original.output } : {}),
      ...(prepared.success ? { prepared: prepared.output } : {}),
    });
  }
  return records.sort((a, b) => a.order - b.order);
}
