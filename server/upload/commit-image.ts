import type { AppContext } from '../context';
import { newId } from '../ids';
import type { Session } from '../session/session-store';
import type { InsertOutcome, NewImage } from '../storage/image-store';
import type { PhotoRef, PhotoStore } from '../storage/photo-store';
import type { ImageFormat } from './formats/parser-result';
import type { UploadSource } from './read-upload-form';
import type { ReceivedFile } from './receive-file';

export interface CommitRequest {
  session: Session;
  file: ReceivedFile;
  /** What the checks found in the bytes; for an end-to-end envelope, what the sender declared. */
  image: { format: ImageFormat; width: number | null; height: number | null };
  filename: string;
  source: UploadSource;
  idempotencyKey: string | null;
  /** It arrived in an encrypted envelope; `file` holds the opened bytes. */
  isEncrypted: boolean;
  /** (qrdrop) An end-to-end envelope: `file` is the envelope itself, which the server cannot open. */
  isE2e: boolean;
}

/**
 * Makes a checked upload permanent. Order matters for crash safety: the bytes are already fsynced in the spool
 * (incoming/); `context.photos.put` makes them durable where photos live (a rename and directory fsyncs on disk;
 * an intent row, then the object, in a bucket), and only then is the row inserted. A crash before the insert
 * leaves a photo without a row, which start-up recovery deletes on disk and the intent sweeper in a bucket; there
 * is never a row without its photo.
 * On SQLite the photo's deliveries are planned in the insert's own transaction, and photos committing at the same
 * moment share it (the store's group commit): at most one database fsync per photo, and never a committed photo
 * whose deliveries a crash could lose. Resolves once committed; events are the caller's, after this.
 * When the insert loses (session completed, expired or filled meanwhile, same Idempotency-Key committed meanwhile)
 * the photo is removed, and no delivery is planned.
 * The file is this function's from the start: whatever the outcome, nothing of it is left in the spool.
 */
export async function commitImage(context: AppContext, request: CommitRequest): Promise<InsertOutcome> {
  const id = newId();
  // `.enc` after the photo's type: every name offered for saving then ends in `.enc` (downloadName, savedName).
  const storageName = `${id}.${request.image.format.extension}${request.isE2e ? '.enc' : ''}`;
  const ref: PhotoRef = { sessionId: request.session.id, storageName };
  const mimeType = request.image.format.mime;
  await context.photos.put(request.file.path, ref, { sizeBytes: request.file.size, mimeType, sha256: request.file.sha256 });

  const image: NewImage = {
    id,
    sessionId: request.session.id,
    filename: request.filename,
    storageName,
    mimeType,
    sizeBytes: request.file.size,
    width: request.image.width,
    height: request.image.height,
    sha256: request.file.sha256,
    source: request.source,
    idempotencyKey: request.idempotencyKey,
    isEncrypted: request.isEncrypted,
    isE2e: request.isE2e,
    createdAt: context.now(),
  };
  let outcome: InsertOutcome;
  try {
    outcome = await context.uploads.insertImageIfRoom(image, image.createdAt);
  } catch (error) {
    await removeQuietly(context.photos, ref);
    throw error;
  }
  if (outcome.kind !== 'inserted') await removeQuietly(context.photos, ref);
  return outcome;
}

/**
 * Cleanup after a failed or lost commit. Its own failure must not replace the real error, nor carry the photo's
 * path or key into a log; a photo left behind has no row, and recovery (disk) or the sweeper (bucket) removes it.
 */
async function removeQuietly(photos: PhotoStore, ref: PhotoRef): Promise<void> {
  await photos.remove(ref).catch(() => {});
}
