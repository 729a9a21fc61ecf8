import type { Readable } from 'node:stream';

/** Which photo: the session it belongs to and the name qrdrop gave it (`<image id>.<ext>[.enc]`, never the uploader's). */
export interface PhotoRef {
  sessionId: string;
  storageName: string;
}

/** A photo's bytes as the store holds them, opened before any header goes out. */
export interface OpenedPhoto {
  size: number;
  stream: Readable;
}

/**
 * Where the photo bytes live: a folder on this machine (`npm start`) or an S3-compatible bucket (cluster mode,
 * issue 13). The upload path is the same for both: the bytes are streamed to a local spool file and checked there,
 * then `put` makes them permanent, then one database transaction decides the 201. A `put` whose row never commits is
 * undone by `remove`, or swept later by the store's own means (start-up recovery on disk, intents on S3).
 */
export interface PhotoStore {
  /**
   * Makes the checked, fsynced spool file permanent under `ref`; durable once resolved. The spool file is consumed
   * whatever the outcome: on failure nothing is left under `ref` nor in the spool.
   */
  put(spoolPath: string, ref: PhotoRef, info: { sizeBytes: number; mimeType: string; sha256: string }): Promise<void>;
  /** Opens the photo for reading; rejects (without the photo's path or key in the message) when it is missing. */
  open(ref: PhotoRef): Promise<OpenedPhoto>;
  /** Removes the photo; removing a missing one is not an error. */
  remove(ref: PhotoRef): Promise<void>;
  close(): Promise<void>;
}
