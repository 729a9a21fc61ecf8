import type { IncomingMessage } from 'node:http';
import { Errors } from '../errors';

/**
 * Reads a whole request body into memory, bounded: a declared `Content-Length` over `maxBytes` is refused before a
 * byte is read (413 `file_too_large`, the photo's limit), and a body that grows past it while streaming stops being
 * read at that chunk (413 `body_too_large`). The request is paused, not destroyed, so the 413 still gets out.
 * A body that ends early (client gone) is a 400.
 */
export function readCappedBody(raw: IncomingMessage, maxBytes: number, maxFileBytes: number): Promise<Buffer> {
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(Errors.fileTooLarge(maxFileBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onCut);
      raw.off('close', onCut);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        raw.pause();
        reject(Errors.bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onCut = () => {
      stop();
      reject(Errors.badUploadForm('The upload was cut off before the body ended.'));
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onCut);
    raw.on('close', onCut);
  });
}
