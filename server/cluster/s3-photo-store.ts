import fs from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type pg from 'pg';
import type { OpenedPhoto, PhotoRef, PhotoStore } from '../storage/photo-store';
import { clearIntent, recordIntent, type SweepablePhotos } from './photo-intents';

/** Sizes of the S3 upload path (design: shared/SCALE.md §2, step 3). */
export const S3_UPLOAD = {
  /** Up to this size a photo goes in one PutObject, read into memory (so the SDK can retry it); above, multipart. */
  multipartThresholdBytes: 8 * 1024 * 1024,
  /** Multipart part size: S3's minimum part is 5 MiB; 8 MiB is also what tusd prefers. */
  partSizeBytes: 8 * 1024 * 1024,
  /** Parts in flight per upload (memory: partSize × queueSize per large upload). */
  queueSize: 4,
} as const;

/** `<image id>.<ext>[.enc]`, as commit-image.ts names photos: nothing else may become a key. */
const STORAGE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{2,5}(\.enc)?$/;

export interface S3PhotoStoreOptions {
  client: S3Client;
  bucket: string;
  /** '' or ending in '/' (S3_PREFIX, as cluster-config.ts reads it). */
  prefix: string;
  /** The cluster's pool: intents are written there before each put. */
  pool: pg.Pool;
  multipartThresholdBytes?: number;
  partSizeBytes?: number;
  now?: () => number;
}

/** The photo is not in the bucket: the message names no key and no session (code ENOENT, like a missing file). */
export class PhotoNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor() {
    super('opening a stored photo failed (not in the bucket)');
    this.name = 'PhotoNotFoundError';
  }
}

/**
 * Photo bytes in an S3-compatible bucket (cluster mode). Keys are `<prefix><storageName>`: random ids only, never the
 * session id (an upload capability, which would end up in the bucket's access logs). The session id in a PhotoRef
 * is not used here; which session a photo belongs to is the images row's business.
 */
export class S3PhotoStore implements PhotoStore, SweepablePhotos {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #pool: pg.Pool;
  readonly #threshold: number;
  readonly #partSize: number;
  readonly #now: () => number;

  constructor(options: S3PhotoStoreOptions) {
    if (options.prefix !== '' && !options.prefix.endsWith('/')) throw new Error('the S3 prefix must be empty or end with "/"');
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.#pool = options.pool;
    this.#threshold = options.multipartThresholdBytes ?? S3_UPLOAD.multipartThresholdBytes;
    this.#partSize = options.partSizeBytes ?? S3_UPLOAD.partSizeBytes;
    this.#now = options.now ?? Date.now;
  }

  /** The object key of a photo: the prefix and the storage name, nothing else. */
  keyOf(storageName: string): string {
    if (!STORAGE_NAME.test(storageName)) throw new Error('a photo storage name must be <image id>.<ext>[.enc]');
    return `${this.#prefix}${storageName}`;
  }

  async put(spoolPath: string, ref: PhotoRef, info: { sizeBytes: number; mimeType: string; sha256: string }): Promise<void> {
    try {
      const key = this.keyOf(ref.storageName);
      let size: number;
      try {
        size = (await fs.promises.stat(spoolPath)).size;
      } catch (error) {
        throw failure(error, 'reading the spooled photo');
      }
      if (size !== info.sizeBytes) throw new Error('storing a photo failed (the spool file is not the size that was checked)');
      // Before the object exists, so that no object can exist without a row or an intent naming it.
      await recordIntent(this.#pool, ref.storageName, this.#now());
      try {
        if (size <= this.#threshold) await this.#putSmall(spoolPath, key, info);
        else await this.#putLarge(spoolPath, key, info);
      } catch (error) {
        // The request may have reached the server before failing: leave nothing under the key. If this fails too
        // (the bucket is unreachable), the intent stays and the sweeper removes the object later.
        await this.removeObject(ref.storageName).catch(() => {});
        throw failure(error, 'storing a photo in the bucket');
      }
    } finally {
      await fs.promises.rm(spoolPath, { force: true });
    }
  }

  async open(ref: PhotoRef): Promise<OpenedPhoto> {
    const key = this.keyOf(ref.storageName);
    let answer;
    try {
      answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') throw new PhotoNotFoundError();
      throw failure(error, 'opening a stored photo');
    }
    const body = answer.Body;
    if (!(body instanceof Readable) || answer.ContentLength === undefined) {
      if (body instanceof Readable) body.destroy();
      throw new Error('opening a stored photo failed (the bucket sent no length or no body)');
    }
    return { size: answer.ContentLength, stream: body };
  }

  /** Removes the object, then its intent if the upload never committed (a refused duplicate, a full session). */
  async remove(ref: PhotoRef): Promise<void> {
    await this.removeObject(ref.storageName);
    await clearIntent(this.#pool, ref.storageName);
  }

  async removeObject(storageName: string): Promise<void> {
    try {
      // S3 answers 204 for a key that does not exist: removing a missing photo is not an error.
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.keyOf(storageName) }));
    } catch (error) {
      throw failure(error, 'removing a stored photo');
    }
  }

  /** The client is this store's; the pool belongs to whoever made it. */
  close(): Promise<void> {
    this.#client.destroy();
    return Promise.resolve();
  }

  async #putSmall(spoolPath: string, key: string, info: { sizeBytes: number; mimeType: string; sha256: string }): Promise<void> {
    // In memory (at most the threshold), so that the SDK's retries can send it again; a stream could be sent once.
    const body = await fs.promises.readFile(spoolPath);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: body,
        ContentLength: info.sizeBytes,
        ContentType: info.mimeType,
        ChecksumSHA256: Buffer.from(info.sha256, 'hex').toString('base64'),
      }),
    );
  }

  async #putLarge(spoolPath: string, key: string, info: { sizeBytes: number; mimeType: string }): Promise<void> {
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key: key, Body: fs.createReadStream(spoolPath), ContentType: info.mimeType },
      partSize: this.#partSize,
      queueSize: S3_UPLOAD.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
    // lib-storage reads a stream of no declared length: check that the object completed is the whole photo.
    const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
    if (head.ContentLength !== info.sizeBytes) throw Object.assign(new Error('incomplete'), { name: 'IncompleteUpload' });
  }
}

/** An S3 or file-system error as a message that names what failed and its code, never a key, path or session. */
function failure(error: unknown, what: string): Error {
  return new Error(`${what} failed (${errorName(error)})`);
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  if ('code' in error && typeof error.code === 'string' && /^[A-Z0-9_]+$/.test(error.code)) return error.code;
  if ('name' in error && typeof error.name === 'string' && /^[A-Za-z0-9]+$/.test(error.name) && error.name !== 'Error') return error.name;
  return 'unknown';
}
