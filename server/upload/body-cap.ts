import type { IncomingMessage } from 'node:http';
import { Errors, type HttpError } from '../errors';

/**
 * The upload body as a whole is bounded, not only its file part: a huge text field, preamble or epilogue is read
 * through and thrown away by the multipart parser, so without this a client could stream gigabytes into a
 * request that stores nothing. A body that declares more than `maxBytes` is refused before a byte is read (413,
 * most likely a photo over the limit); a chunked one is counted as it arrives, and `overflow` rejects (413) the
 * moment it passes the bound.
 */
export class BodyCap {
  readonly overflow: Promise<never>;
  #received = 0;
  #fail: (error: HttpError) => void = () => {};
  readonly #count = (chunk: Buffer) => {
    this.#received += chunk.length;
    if (this.#received > this.maxBytes) {
      this.stop();
      this.#fail(Errors.bodyTooLarge());
    }
  };

  constructor(
    readonly raw: IncomingMessage,
    readonly maxBytes: number,
    maxFileBytes: number,
  ) {
    const declared = Number(raw.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) throw Errors.fileTooLarge(maxFileBytes);
    this.overflow = new Promise<never>((_resolve, reject) => {
      this.#fail = reject;
    });
    this.overflow.catch(() => {}); // seen through Promise.race; a body that never overflows leaves it pending
  }

  /**
   * Starts counting. Call it only once the multipart parser is piped from the request: a 'data' listener
   * added earlier would set the body flowing with nobody yet reading it, and its first bytes would be lost.
   */
  start(): void {
    this.raw.on('data', this.#count);
  }

  stop(): void {
    this.raw.off('data', this.#count);
  }
}
