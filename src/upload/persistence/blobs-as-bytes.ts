import * as v from 'valibot';
import { readBytes } from '../../image-bytes/file-sniff';
import type { StoredUpload, UploadStore } from './upload-store';

/**
 * Where the browser's database refuses Blob/File values (WebKit's ephemeral storage: Safari Private
 * Browsing, WebDriver sessions, "UnknownError: Error preparing Blob/File data to be stored") it still
 * takes an ArrayBuffer. A refused write is tried once more with each Blob as its bytes, type, name and
 * lastModified; the first refusal decides for the database, later writes go as bytes at once. Reads
 * rebuild the File, so the rest of the page only ever sees Blobs. The bytes are read for one write and
 * dropped once it is done: the page holds them twice only while the database copies them.
 */

/** The database's rows as they are: structured-cloned values, parsed on the way out (parseStoredUploads). */
export interface RowStore {
  put(row: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  list(sessionId: string): Promise<unknown[]>;
  purgeExpired(now: number): Promise<void>;
}

export function keepBlobsAsBytes(rows: RowStore, parse: (rows: readonly unknown[]) => StoredUpload[]): UploadStore {
  let refusesBlobs = false;
  return {
    async put(record) {
      if (!refusesBlobs) {
        try {
          await rows.put(record);
          return;
        } catch (error) {
          if (!carriesBlobs(record)) throw error;
        }
      }
      await rows.put(await asBytes(record));
      refusesBlobs = true;
    },
    delete: (key) => rows.delete(key),
    list: async (sessionId) => parse((await rows.list(sessionId)).map(asBlobs)),
    purgeExpired: (now) => rows.purgeExpired(now),
  };
}

const carriesBlobs = (record: StoredUpload) => record.original !== undefined || record.prepared !== undefined;

/** Any realm's ArrayBuffer (instanceof would refuse one cloned elsewhere, as in the test DOM). */
const arrayBuffer = v.custom<ArrayBuffer>((value) => Object.prototype.toString.call(value) === '[object ArrayBuffer]');

const bytesSchema = v.object({
  buffer: arrayBuffer,
  type: v.string(),
  name: v.optional(v.string()),
  lastModified: v.optional(v.number()),
});
type BlobBytes = v.InferOutput<typeof bytesSchema>;

async function toBytes(blob: Blob): Promise<BlobBytes> {
  // Blob.arrayBuffer() is missing in older WebKit; FileReader is everywhere (readBytes).
  const { buffer } = await readBytes(blob, 0, blob.size);
  return blob instanceof File ? { buffer, type: blob.type, name: blob.name, lastModified: blob.lastModified } : { buffer, type: blob.type };
}

function toBlob(bytes: BlobBytes): Blob {
  const { buffer, type, name, lastModified } = bytes;
  return name === undefined ? new Blob([buffer], { type }) : new File([buffer], name, { type, lastModified });
}

/** The record with `blob` swapped for `bytes` in its original and prepared copies (read one after the other). */
async function asBytes(record: StoredUpload): Promise<unknown> {
  const swap = async <T extends { blob: Blob }>(part: T | undefined) => {
    if (part === undefined) return undefined;
    const { blob, ...rest } = part;
    return { ...rest, bytes: await toBytes(blob) };
  };
  const original = await swap(record.original);
  const prepared = await swap(record.prepared);
  return { ...record, original, prepared };
}

const rowParts = v.object({ original: v.optional(v.unknown()), prepared: v.optional(v.unknown()) });

/** A row as read: parts kept as bytes get their Blob back; anything else goes on untouched, to be parsed. */
function asBlobs(row: unknown): unknown {
  const parts = v.safeParse(rowParts, row);
  if (!parts.success || typeof row !== 'object' || row === null) return row;
  // Only `bytes` is parsed, the part's other fields go on as they are (as v.looseObject would: not used, since
  // valibot lives in the first bundle and each schema kind any chunk uses is paid for there, 0.14 KB gzip for it, measured).
  const swap = (part: unknown) => {
    if (typeof part !== 'object' || part === null || !('bytes' in part)) return part;
    const bytes = v.safeParse(bytesSchema, part.bytes);
    if (!bytes.success) return part;
    const { bytes: _kept, ...rest } = part;
    return { ...rest, blob: toBlob(bytes.output) };
  };
  return { ...row, original: swap(parts.output.original), prepared: swap(parts.output.prepared) };
}
