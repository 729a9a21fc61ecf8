import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context';
import { newId } from '../ids';
import type { Session } from '../session/session-store';
import { sessionImageDir } from '../storage/image-files';
import { pathlessError } from '../storage/pathless-error';
import { planDeliveries } from '../delivery/delivery-plan';
import { inGroupCommit } from '../storage/group-commit';
import { type InsertOutcome, insertImageIfRoom, type NewImage } from '../storage/image-store';
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
 * Makes a checked upload permanent. Order matters for crash safety: the bytes are already fsynced in incoming/;
 * they are renamed into place and the directory fsynced, and only then is the row inserted. A crash before the
 * insert leaves a file without a row, which start-up recovery deletes; there is never a row without its file.
 * The photo's deliveries are planned in the insert's own transaction, and photos committing at the same moment
 * share it (inGroupCommit): at most one database fsync per photo, and never a committed photo whose deliveries a
 * crash could lose. Resolves once committed; events are the caller's, after this.
 * When the insert loses (session completed, expired or filled meanwhile, same Idempotency-Key committed meanwhile)
 * the file is removed, and no delivery is planned.
 * The file is this function's from the start: whatever the outcome, nothing of it is left in incoming/.
 */
export async function commitImage(context: AppContext, request: CommitRequest): Promise<InsertOutcome> {
  const id = newId();
  // `.enc` after the photo's type: every name offered for saving then ends in `.enc` (downloadName, savedName).
  const storageName = `${id}.${request.image.format.extension}${request.isE2e ? '.enc' : ''}`;
  const dir = sessionImageDir(context.paths, request.session.id);
  const finalPath = path.join(dir, storageName);
  try {
    const created = await fs.mkdir(dir, { recursive: true });
    await fs.rename(request.file.path, finalPath);
    await fsyncDirectory(dir);
    if (created !== undefined) await fsyncDirectory(path.dirname(dir));
  } catch (error) {
    await Promise.all([removeQuietly(request.file.path), removeQuietly(finalPath)]);
    throw pathlessError(error, 'storing a photo');
  }

  const image: NewImage = {
    id,
    sessionId: request.session.id,
    filename: request.filename,
    storageName,
    mimeType: request.image.format.mime,
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
  const folderEnabled = context.config.deliveryFolder !== null;
  let outcome: InsertOutcome;
  try {
    outcome = await inGroupCommit(context.db, () =>
      insertImageIfRoom(context.db, image, image.createdAt, (stored) =>
        planDeliveries(context.db, stored, folderEnabled, stored.createdAt),
      ),
    );
  } catch (error) {
    await removeQuietly(finalPath);
    throw error;
  }
  if (outcome.kind !== 'inserted') await removeQuietly(finalPath);
  return outcome;
}

/**
 * Cleanup after a failed or lost commit. Its own failure must not replace the real error, nor carry the photo's
 * path (it holds the session id) into a log; a file left behind has no row, and start-up recovery removes it.
 */
async function removeQuietly(filePath: string): Promise<void> {
  await fs.rm(filePath, { force: true }).catch(() => {});
}

/** A rename is durable only once its directory entry is on disk. */
async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
