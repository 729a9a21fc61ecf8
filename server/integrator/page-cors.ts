import type { FastifyPluginAsync } from 'fastify';

/**
 * CORS for the page routes (`/api/v1/upload/{uuid}/…`: session read, verify-password, upload, events), so an
 * integrator's own web uploader on another origin (Uppy, FilePond, its own code) can use them. Any origin, never
 * credentials: the session id in the path is the capability, and no cookie or key is involved. The integrator
 * routes (`/api/v1/upload-sessions`, `/api/v1/projects/…`) stay same-origin unless the operator lists origins
 * (INTEGRATOR_CORS_ORIGINS, integrator-cors.ts).
 */
export const PAGE_CORS = {
  prefix: '/api/v1/upload/',
  allowMethods: 'GET, POST, OPTIONS',
  allowHeaders: 'content-type, x-session-password, idempotency-key, x-aptr-encrypted, last-event-id',
  exposeHeaders: 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, idempotent-replayed, x-request-id',
  maxAgeSeconds: 600,
} as const;

const plugin: FastifyPluginAsync = async (app) => {
  // On the raw response, so the event stream (which writes its own head after hijacking) carries them too.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(PAGE_CORS.prefix)) return;
    reply.raw.setHeader('access-control-allow-origin', '*');
    reply.raw.setHeader('access-control-expose-headers', PAGE_CORS.exposeHeaders);
  });
  app.options(`${PAGE_CORS.prefix}*`, async (_request, reply) =>
    reply
      .code(204)
      .headers({
        'access-control-allow-methods': PAGE_CORS.allowMethods,
        'access-control-allow-headers': PAGE_CORS.allowHeaders,
        'access-control-max-age': String(PAGE_CORS.maxAgeSeconds),
      })
      .send(),
  );
};

export const pageCorsRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
