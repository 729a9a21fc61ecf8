import type { IncomingMessage } from 'node:http';

/** Requests whose body is being read and dropped after their answer: their connection may stay open. */
const draining = new WeakSet<IncomingMessage>();

export const isDraining = (raw: IncomingMessage): boolean => draining.has(raw);

/**
 * Lets an answer go out now, whatever is left of the body. The body is first unpiped from the multipart parser (a
 * parser nobody reads any more holds the request paused, so it would never end). Then a body of declared length up
 * to `maxBytes` is read and dropped in the background while the answer travels, so unread bytes do not pile up
 * behind it; a longer or unsized body is not read at all. Node closes the connection after an answer sent before
 * the body ended, so the client may see its writes fail once it has the answer (it has the status by then).
 */
export function releaseBody(raw: IncomingMessage, maxBytes: number): void {
  // Nothing left to read, or nobody left to answer: a body cut by the client or a timeout never ends.
  if (raw.complete || raw.readableEnded || raw.destroyed || raw.socket?.destroyed !== false) return;
  raw.unpipe();
  const declared = Number(raw.headers['content-length']);
  if (!Number.isFinite(declared) || declared > maxBytes) return;
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
