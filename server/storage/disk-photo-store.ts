import fs from 'node:fs/promises';
import path from 'node:path';
import { pathlessError } from './pathless-error';
import type { OpenedPhoto, PhotoRef, PhotoStore } from './photo-store';

type PhotoInfo = Parameters<PhotoStore['put']>[2];

/**
 * The photos of `npm start`: `<images>/<session id>/<storage name>`, both parts ours, never the uploader's.
 * `put` is a rename from the spool (incoming/, on the same disk) and the directory fsyncs that make it durable: once
 * it resolves, a crash keeps the file, so the row inserted after it never points at nothing. A file whose row never
 * came is removed by start-up recovery (upload/recovery.ts), which walks this same layout.
 * Errors never carry a path (it holds the session id, a capability): only what failed and the error code, which
 * stays readable as `code` (delivery tells a missing photo, ENOENT, from disk trouble).
 */
export class DiskPhotoStore implements PhotoStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  /** Where the photo's file is: for the folder destination's hard link, which only a local disk can offer. */
  pathOf(ref: PhotoRef): string {
    return path.join(this.#root, path.basename(ref.sessionId), path.basename(ref.storageName));
  }

  /** The size, type and hash are the bucket's business (its checksum and headers); a file needs none of them. */
  async put(spoolPath: string, ref: PhotoRef, _info?: PhotoInfo): Promise<void> {
    const finalPath = this.pathOf(ref);
    const dir = path.dirname(finalPath);
    try {
      const created = await fs.mkdir(dir, { recursive: true });
      await fs.rename(spoolPath, finalPath);
      await fsyncDirectory(dir);
      if (created !== undefined) await fsyncDirectory(path.dirname(dir));
    } catch (error) {
      await Promise.all([removeQuietly(spoolPath), removeQuietly(finalPath)]);
      throw pathlessError(error, 'storing a photo');
    }
  }

  async open(ref: PhotoRef): Promise<OpenedPhoto> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.pathOf(ref), 'r');
    } catch (error) {
      throw pathlessError(error, 'opening a stored photo');
    }
    try {
      const { size } = await handle.stat();
      return { size, stream: handle.createReadStream() };
    } catch (error) {
      await handle.close().catch(() => {});
      throw pathlessError(error, 'opening a stored photo');
    }
  }

  async remove(ref: PhotoRef): Promise<void> {
    await fs.rm(this.pathOf(ref), { force: true }).catch((error: unknown) => {
      throw pathlessError(error, 'removing a stored photo');
    });
  }

  /** Nothing is held open between calls. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Cleanup after a failed put: its own failure must not replace the real error. */
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
