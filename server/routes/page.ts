import fs from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { acceptedEncodings } from '../page/accept-header';
import { compressHtml } from '../page/compress-html';
import { PHONE_PAGE_CSP } from '../page/page-csp';
import { setPageHeaders } from '../page/page-headers';
import { renderSessionPage } from '../page/render-session-page';
import { SSR_DIR, ssrBundleLoader } from '../page/ssr-bundle';
import { parseInput } from '../parse-input';
import { SessionParams } from '../session/session-input';

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PHONE_PAGE_CSP,
  'x-robots-tag': 'noindex',
  // The in-page camera (src/camera/camera-view.tsx) asks for the camera of this origin only, never for sound or
  // location; the desktop view (desktop.ts) gets none of them.
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
  // The HTML names the current hashed assets: always fetch it again.
  'cache-control': 'no-store',
} as const;

/** Vite puts content-hashed files under assets/: a new build means new names, so they can be cached for a year. */
const HASHED_ASSETS_CACHE = 'public, max-age=31536000, immutable';
/** Other files of dist (favicon, worker libraries) keep their names across builds: revalidate each time. */
const UNHASHED_CACHE = 'no-cache';

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qrdrop</title></head>
<body><h1>The upload page is not built</h1><p>Run <code>npm run build</code>, then reload.</p></body></html>
`;

/**
 * The build's `.br`/`.gz` copy of a file when the client accepts it (and the copy exists), else the file itself.
 * Sets Content-Encoding and Vary accordingly.
 */
export async function readPrecompressed(reply: FastifyReply, file: string, acceptEncoding: string | undefined): Promise<Buffer> {
  reply.header('vary', 'accept-encoding');
  const accepted = acceptedEncodings(acceptEncoding);
  for (const [encoding, extension] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepted.has(encoding)) continue;
    try {
      const body = await fs.readFile(file + extension);
      reply.header('content-encoding', encoding);
      return body;
    } catch {
      // No compressed copy (a build without the plugin): fall through to the plain file.
    }
  }
  return fs.readFile(file);
}

/**
 * The mobile page at /u/{uuid} (any id: the page itself says "Invalid link"), and the built files it loads.
 * A session that can be read is rendered into the HTML (server/page/); anything else gets the static shell.
 */
export const pageRoutes: FastifyPluginAsync = async (app) => {
  const { distDir } = app.qrdrop.config;
  const loadRenderer = ssrBundleLoader(distDir);
  // Imported (~0.8 MB of JavaScript) once the server listens, so the first phone does not wait for it. Not for
  // in-process tests (app.inject never listens), which would each pay for it.
  app.addHook('onListen', async () => {
    await loadRenderer().catch((error: unknown) => app.log.error({ err: error }, 'server-side render not loadable: pages get the static shell'));
  });

  app.get('/u/:uuid', async (request, reply) => {
    reply.headers(PAGE_HEADERS);
    const rendered = await renderSessionPage({
      context: app.qrdrop,
      request,
      uuid: parseInput(SessionParams, request.params, 'bad_request').uuid,
      distDir,
      loadRenderer,
    });
    if (rendered !== null) {
      setPageHeaders(reply, rendered);
      return compressHtml(reply, rendered, request.headers['accept-encoding']);
    }
    const shell = path.join(distDir, 'index.html');
    try {
      // Read on each request (it is small) so a rebuild shows up without a restart; the plain copy for the CSP's
      // style hash and the boot script's preload, then the compressed one the client takes.
      setPageHeaders(reply, await fs.readFile(shell, 'utf8'));
      return await readPrecompressed(reply, shell, request.headers['accept-encoding']);
    } catch (error) {
      if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')) throw error;
      return reply.code(503).send(NOT_BUILT_HTML);
    }
  });

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: true, // files are looked up per request, so a build made after start is served
    index: false,
    decorateReply: false,
    cacheControl: false,
    // The build writes .br and .gz beside each text asset (vite-plugins/precompress.ts): a phone on a slow
    // uplink gets ~94 KB of JS+CSS instead of ~300 KB, with no compression work per request.
    preCompressed: true,
    // index.html is only ever served by /u/:uuid, with the page's headers; the server-side render is not a file
    // for browsers at all.
    allowedPath: (pathName) => pathName !== '/index.html' && !pathName.startsWith(`/${SSR_DIR}/`),
    setHeaders: (reply, filePath) => {
      const relative = path.relative(distDir, filePath).split(path.sep);
      reply.header('cache-control', relative[0] === 'assets' ? HASHED_ASSETS_CACHE : UNHASHED_CACHE);
    },
  });
};
