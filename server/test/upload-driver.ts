import { createHash } from 'node:crypto';
import { openPost, type OpenRequest, type RawResponse, writeChunk } from './http-client';
import { fileEnvelope, uploadPath } from './upload-helpers';

/** One photo the test means to deliver exactly once, with its Idempotency-Key. */
export interface Photo {
  label: string;
  key: string;
  bytes: Buffer;
  sha256: string;
}

export const photo = (label: string, key: string, bytes: Buffer): Photo => ({
  label,
  key,
  bytes,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

/**
 * An upload over a real socket whose body the test writes as far as it wants: a few bytes, half the file,
 * everything. `written` counts body bytes the client has handed to its socket.
 */
export class UploadInProgress {
  readonly open: OpenRequest;
  readonly body: Buffer;
  /** Where the file itself starts in the body. */
  readonly fileStart: number;
  written = 0;

  constructor(port: number, sessionId: string, readonly photo: Photo) {
    const envelope = fileEnvelope(`${photo.label}.jpg`);
    this.body = Buffer.concat([envelope.head, photo.bytes, envelope.tail]);
    this.fileStart = envelope.head.length;
    this.open = openPost(port, uploadPath(sessionId), {
      'content-type': envelope.contentType,
      'content-length': this.body.length,
      'idempotency-key': photo.key,
    });
    this.open.request.flushHeaders();
  }

  /** Writes the body up to `end` (exclusive), in chunks, honouring back-pressure. False once the socket is gone. */
  async writeTo(end: number, chunkBytes = 16 * 1024, onChunk: (bytes: number) => void = () => {}): Promise<boolean> {
    while (this.written < end) {
      const chunk = this.body.subarray(this.written, Math.min(end, this.written + chunkBytes));
      if (!(await writeChunk(this.open, chunk))) return false;
      this.written += chunk.length;
      onChunk(chunk.length);
    }
    return true;
  }

  /** Writes the rest and ends the request; resolves with the answer (rejects if the server died first). */
  async finish(): Promise<RawResponse> {
    await this.writeTo(this.body.length);
    this.open.request.end();
    return this.open.response;
  }

  abandon(): void {
    this.open.request.destroy();
  }
}

/** A complete upload, start to answer. */
export function uploadWhole(port: number, sessionId: string, item: Photo): Promise<RawResponse> {
  return new UploadInProgress(port, sessionId, item).finish();
}
