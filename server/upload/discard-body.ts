import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { UPLOAD } from '../limits';

/** Requests whose body is being read and dropped after their answer: their connection may stay open. */
const draining = new WeakSet<IncomingMessage>();

export const isDraining = (raw: IncomingMessage): boolean => draining.has(raw);

/**
 * Lets an answer go out now, whatever is left of the body. The body is first unpiped from the multipart parser (a
 * parser nobody reads any more holds the request paused, so it would never end). Then a body of declared length up
 * to `maxBytes` is read and dropped in the background while the answer travels, so unread bytes do not pile up
 * behind it, and the connection stays open for the next request. A longer or unsized body is not read before the
 * answer; its connection closes after it, lingering first (`lingerOnClose`).
 */
export function releaseBody(raw: IncomingMessage, maxBytes: number): void {
  // Nothing left to read, or nobody left to answer: a body cut by the client or a timeout never ends.
  if (raw.complete || raw.readableEnded || raw.destroyed || raw.socket?.destroyed !== false) return;
  raw.unpipe();
  const declared = Number(raw.headers['content-length']);
  if (!Number.isFinite(declared) || declared > maxBytes) {
    lingerOnClose(raw.socket);
    return;
  }
  draining.add(raw);
  raw.resume();
}

/**
 * Reads what is left of a request body (not piped anywhere) without keeping any of it, then resolves; at once for
 * a body that declares more than `maxBytes` or no length. For an idempotent replay the 201 is the one thing the
 * client needs, and Node closes the connection after an answer sent before the body ended: the body is read first.
 */
export async function discardBody(raw: IncomingMessage, maxBytes: number): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed || raw.socket?.destroyed !== false) return;
  const declared = Number(raw.headers['content-length']);
  if (!Number.isFinite(declared) || declared > maxBytes) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      raw.off('end', done);
      raw.off('close', done);
      raw.off('error', done);
      resolve();
    };
    raw.on('end', done);
    raw.on('close', done);
    raw.on('error', done);
    raw.resume();
  });
}

/**
 * Node destroys a connection once an answer sent before its body ended has been written (`socket.destroySoon`).
 * The client's bytes still arriving then meet a closed socket, and the kernel answers them with a reset that can
 * reach the client before it has read the answer: the refusal is lost (EPIPE / ECONNRESET), and a page would retry
 * it. Instead, as web servers do (a lingering close), the answer is followed by a FIN and what the client still
 * sends is read and dropped, for at most `UPLOAD.lingerMs` and `UPLOAD.lingerMaxBytes`; then the connection closes.
 */
function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function lingeringClose(this: Socket): void {
    let read = 0;
    const close = () => {
      clearTimeout(timer);
      this.destroy();
    };
    const timer = setTimeout(close, UPLOAD.lingerMs);
    timer.unref();
    this.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > UPLOAD.lingerMaxBytes) close();
    });
    this.once('end', close);
    this.once('close', () => clearTimeout(timer));
    this.end();
    this.resume();
  };
}
