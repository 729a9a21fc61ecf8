/**
 * server/page/: the phone page as HTML: the built shell, its server-side render with the session already in it
 * (this file), the Content-Security-Policy and compression. The route is routes/page.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { isUuid } from '../ids';
import { readPageSession } from '../session/page-session';
import { acceptLanguages, languageCookie } from './accept-header';
import { fillShell } from './fill-shell';
import type { RenderPage } from './ssr-bundle';

export interface SessionPageInput {
  context: AppContext;
  request: FastifyRequest;
  /** The `:uuid` of the link, as the route parsed it. */
  uuid: string;
  distDir: string;
  loadRenderer: () => Promise<RenderPage | null>;
}

/**
 * `/u/{id}` with the session's screen already in the HTML, from the same read as `GET /api/v1/upload/{id}/session`.
 * Null means "send the static shell as it is", and the page reads the session itself as it always did: a malformed
 * or unknown id (so a wrong link is still answered by the page, which asks once), no server-side build, or any
 * failure of the render, which is logged and never becomes a 5xx.
 */
export async function renderSessionPage({ context, request, uuid, distDir, loadRenderer }: SessionPageInput): Promise<string | null> {
  if (!isUuid(uuid)) return null;
  try {
    const now = context.now();
    let session;
    try {
      session = await readPageSession(context, uuid, now);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 404) return null;
      throw error;
    }
    const render = await loadRenderer();
    if (render === null) return null;
    const [pathname = '', query] = request.url.split('?', 2);
    const page = render({
      pathname,
      search: query === undefined ? '' : `?${query}`,
      // The switcher's choice (its cookie) before the browser's languages; `?lang=` still wins over both.
      acceptLanguages: [...languageCookie(request.headers.cookie), ...acceptLanguages(request.headers['accept-language'])],
      session,
      serverTime: now,
    });
    if (page === null) return null;
    return fillShell(await fs.readFile(path.join(distDir, 'index.html'), 'utf8'), page);
  } catch (error) {
    request.log.error({ err: error }, 'server-side render failed: sending the static page');
    return null;
  }
}
