import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { PAGE_CORS } from './page-cors';

/**
 * CORS for the integrator routes (everything under `/api/v1/` but the page routes), for the origins an operator
 * lists in INTEGRATOR_CORS_ORIGINS and no other: those routes take an API key, which belongs on a server, so by
 * default a browser on another origin may not call them at all. A listed origin is echoed back (never `*`), with
 * `Vary: Origin`; no credentials mode (the key travels in `Authorization`, not in a cookie).
 */
export const INTEGRATOR_CORS = {
  prefix: '/api/v1/',
  allowMethods: 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  allowHeaders: 'authorization, content-type, idempotency-key, x-aptr-signature, x-aptr-timestamp, x-session-password, x-aptr-encrypted',
  exposeHeaders: 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, idempotent-replayed, content-disposition, x-request-id',
  maxAgeSeconds: 600,
} as const;

const isIntegratorPath = (url: string) => url.startsWith(INTEGRATOR_CORS.prefix) && !url.startsWith(PAGE_CORS.prefix);

const plugin: FastifyPluginAsync = async (app) => {
  const allowed = new Set(app.qrdrop.config.integratorCorsOrigins);
  if (allowed.size === 0) return;
  const allowedOrigin = (request: FastifyRequest): string | null => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && allowed.has(origin) ? origin : null;
  };

  // On the raw response, so errors (401, 429 with Retry-After) and held long polls carry them too.
  app.addHook('onRequest', async (request, reply) => {
    if (!isIntegratorPath(request.url)) return;
    reply.raw.setHeader('vary', 'origin');
    const origin = allowedOrigin(request);
    if (origin === null) return;
    reply.raw.setHeader('access-control-allow-origin', origin);
    reply.raw.setHeader('access-control-expose-headers', INTEGRATOR_CORS.exposeHeaders);
  });
  // Page routes have their own, more specific preflight (page-cors.ts).
  app.options(`${INTEGRATOR_CORS.prefix}*`, async (request, reply) => {
    if (allowedOrigin(request) === null) {
      throw new HttpError(403, 'origin_not_allowed', 'This origin may not call the integrator API from a browser (INTEGRATOR_CORS_ORIGINS).');
    }
    return reply
      .code(204)
      .headers({
        'access-control-allow-methods': INTEGRATOR_CORS.allowMethods,
        'access-control-allow-headers': INTEGRATOR_CORS.allowHeaders,
        'access-control-max-age': String(INTEGRATOR_CORS.maxAgeSeconds),
      })
      .send();
  });
};

export const integratorCorsRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
