import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import type { KeyRecord } from './key-store';

declare module 'fastify' {
  interface FastifyRequest {
    /** SHA-256 (hex) of the raw body, computed while it streams in, only for requests that carry X-Aptr-Signature. */
    aptrBodySha256?: string;
  }
}

/** How far a request's X-Aptr-Timestamp may be from the server's clock, either way. */
export const SIGNING = { toleranceSeconds: 300 } as const;

const EMPTY_SHA256 = createHash('sha256').digest('hex');

const refused = (code: string, message: string) => new HttpError(401, code, message);

/** `sha256=hex(HMAC-SHA256(secret, "{ts}.{METHOD}.{path}.{bodyHash}"))` (API.md "Request signing"). */
export function requestSignature(secret: string, timestamp: string, method: string, path: string, bodyHash: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${method.toUpperCase()}.${path}.${bodyHash}`, 'utf8').digest('hex')}`;
}

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Request signing, optional as in Apertur: a request that carries X-Aptr-Signature must carry a valid, fresh one;
 * a key set to require it refuses requests without. The path is the one requested (with /api/v1; with or without
 * its query string). An empty body's hash is accepted both as "" and as SHA-256 of nothing, the two readings.
 */
export function checkRequestSignature(request: FastifyRequest, key: KeyRecord, nowMs: number): void {
  const signature = request.headers['x-aptr-signature'];
  const timestamp = request.headers['x-aptr-timestamp'];
  if (signature === undefined && timestamp === undefined) {
    if (key.requireSignature) throw refused('signature_required', 'This API key requires signed requests (X-Aptr-Signature, X-Aptr-Timestamp).');
    return;
  }
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw refused('bad_signature', 'X-Aptr-Signature and X-Aptr-Timestamp (unix seconds) go together.');
  }
  if (Math.abs(Number(timestamp) - nowMs / 1000) > SIGNING.toleranceSeconds) {
    throw refused('stale_signature', `X-Aptr-Timestamp is more than ${SIGNING.toleranceSeconds} s from the server's clock.`);
  }
  if (key.signingSecret === null) throw refused('bad_signature', 'This API key has no signing secret; create one first.');
  const secret = key.signingSecret;
  const paths = [...new Set([request.url, request.url.split('?')[0] ?? request.url])];
  const hashes = request.aptrBodySha256 === undefined ? ['', EMPTY_SHA256] : request.aptrBodySha256 === EMPTY_SHA256 ? [EMPTY_SHA256, ''] : [request.aptrBodySha256];
  const valid = paths.some((path) => hashes.some((hash) => sameText(requestSignature(secret, timestamp, request.method, path, hash), signature)));
  if (!valid) throw refused('bad_signature', 'X-Aptr-Signature does not match this request.');
}

/**
 * Hashes the raw body of signed requests as it streams to the parser (the parsed body cannot be re-serialised
 * byte for byte). Requests without the header, and those without a body, are left alone.
 */
const plugin: FastifyPluginAsync = async (app) => {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const hasBody = request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
    if (request.headers['x-aptr-signature'] === undefined || !hasBody) return payload;
    const hash = createHash('sha256');
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        request.aptrBodySha256 = hash.digest('hex');
        callback();
      },
    });
    return pipeline(payload, tee, () => {});
  });
};

export const requestSigningHook = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
