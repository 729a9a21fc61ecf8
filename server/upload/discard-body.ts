import type { IncomingMessage } from 'node:http';

/**
 * Reads what is left of a request body without keeping any of it. An answer sent while the client is still
 * sending makes the server close the connection on unread data, and the reset that follows can destroy the answer
 * before the client has read it. For an idempotent replay the answer is the one thing the client needs (its photo
 * is already stored; without the 201 it would retry forever), so the body is read first. A body that declares
 * more than `maxBytes`, or no length at all, is not worth it: the answer goes out at once, closing the connection.
 */
export async function discardBody(raw: IncomingMessage, maxBytes: number): Promise<void> {
  // Nothing left to read, or nobody left to answer: a body cut by the client or a timeout never ends.
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
