import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * onSend hook for responses that carry a session id or its state: no browser or proxy cache may keep them, and
 * a page that follows a link from them sends no Referer (the id in the URL is the upload capability).
 */
export async function noStore(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
}
