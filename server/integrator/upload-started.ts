import type { FastifyRequest } from 'fastify';

/**
 * What `project.upload.started` can say of a photo before its body is read: the request's declared length (the
 * photo plus its form or envelope), and whether it arrives sealed for the server's key (`X-Aptr-Encrypted`).
 */
export function uploadStartedOf(request: FastifyRequest): { contentLength: number | null; encrypted: boolean } {
  const declared = Number(request.headers['content-length']);
  return {
    contentLength: request.headers['content-length'] !== undefined && Number.isSafeInteger(declared) && declared >= 0 ? declared : null,
    encrypted: request.headers['x-aptr-encrypted'] !== undefined,
  };
}
