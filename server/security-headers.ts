import type { FastifyInstance } from 'fastify';

/**
 * Every response: the URL carries the session capability, so no Referer may ever leave with it; and no
 * response is to be sniffed into another type.
 */
export const SECURITY_HEADERS = { 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' } as const;

/** Called by buildApp before the routes are registered. */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // The id the server's log lines carry (reqId): the page's "Copy details" hands it to support.
    reply.header('x-request-id', request.id);
  });
}
