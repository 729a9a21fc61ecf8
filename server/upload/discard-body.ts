import type { IncomingMessage } from 'node:http';

/** Requests whose body is being read and dropped after their answer: their connection may stay open. */
const draining = new WeakSet<IncomingMessage>();

export const isDraining = (raw: IncomingMessage): boolean => draining.has(raw);

/**
 * Lets an answer go out now, whatever is left of the body. The body is first unpiped from the multipart parser (a
 * parser nobody reads any more holds the request paused, so it would never end). Then a body of declared length up
 * to `maxBytes` is read and dropped in the background while the answer travels: the connection stays open until
 * it ends, so the client reads the answer instead of a reset (a browser would report "network error" for "Session
 * full"). A longer or unsized body is not worth reading: the answer closes the connection (upload.ts's onSend).
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
