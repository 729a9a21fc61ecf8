import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Errors } from '../errors';
import { PAGE_CSP } from '../page/page-csp';

/**
 * The desktop view holds an API key (from its link's fragment), so unlike the phone page it may not be framed
 * by anyone, and it never needs the camera. Otherwise the phone page's policy: nothing loads from elsewhere.
 */
const DESKTOP_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP.replace(/frame-ancestors [^;]+/, "frame-ancestors 'none'"),
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cache-control': 'no-store',
} as const;

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qrdrop</title></head>
<body><h1>The desktop page is not built</h1><p>Run <code>npm run build</code>, then reload.</p></body></html>
`;

/**
 * The computer side of the handoff: `/` (the key's sessions) and `/s/{uuid}` (one session, live). The HTML is
 * public; everything it shows comes from integrator routes called with the key the link carries after `#`.
 */
export const desktopRoutes: FastifyPluginAsync = async (app) => {
  const { distDir } = app.qrdrop.config;
  const serve = async (reply: FastifyReply) => {
    reply.headers(DESKTOP_HEADERS);
    try {
      // Read on each request (it is small) so a rebuild shows up without a restart.
      return await fs.readFile(path.join(distDir, 'desktop.html'));
    } catch (error) {
      if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')) throw error;
      return reply.code(503).send(NOT_BUILT_HTML);
    }
  };
  app.get('/', async (_request, reply) => serve(reply));
  app.get('/s/:uuid', async (_request, reply) => serve(reply));
  // One address per view: the built file itself is not served under its own name (nor without these headers).
  app.get('/desktop.html', async () => {
    throw Errors.routeNotFound();
  });
};
