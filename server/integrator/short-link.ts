import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import type { ShortLinkStore } from '../cluster/short-link-store';
import { Errors } from '../errors';
import { noStore } from '../no-store';
import { parseInput } from '../parse-input';
import { pageUrl } from '../session/session-views';

/**
 * `short_url`: `{PUBLIC_URL}/l/{code}`, redirecting to the session's page. The code is a capability like the
 * session id, so it is random (12 bytes: 96 bits, base64url), never derived from the id.
 */
export const SHORT_LINK = { codeBytes: 12, pathPrefix: '/l/' } as const;

const CODE = /^[A-Za-z0-9_-]{16}$/;

/** The session's short link, made on first use and kept (on a cluster, one for every instance). */
export async function shortUrlOf(links: ShortLinkStore, publicUrl: string, sessionId: string, now: number): Promise<string> {
  const code = await links.codeOf(sessionId, randomBytes(SHORT_LINK.codeBytes).toString('base64url'), now);
  return `${publicUrl}${SHORT_LINK.pathPrefix}${code}`;
}

/** `GET /l/{code}` → 302 to the page. Unknown codes are 404, like unknown sessions. */
export const shortLinkRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', noStore);
  app.get(`${SHORT_LINK.pathPrefix}:code`, async (request, reply) => {
    const { code } = parseInput(v.object({ code: v.string() }), request.params, 'bad_request');
    const sessionId = CODE.test(code) ? await app.qrdrop.shortLinks.sessionOf(code) : undefined;
    if (sessionId === undefined) throw Errors.sessionNotFound();
    return reply.redirect(pageUrl(app.qrdrop.config.publicUrl, sessionId), 302);
  });
};
