import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { type Db, statement } from '../db';
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

/** The session's short link, made on first use and kept. */
export function shortUrlOf(db: Db, publicUrl: string, sessionId: string, now: number): string {
  const existing = statement(db, 'SELECT code FROM short_links WHERE session_id = ? LIMIT 1').get(sessionId);
  const parsed = v.safeParse(v.object({ code: v.string() }), existing);
  let code = parsed.success ? parsed.output.code : undefined;
  if (code === undefined) {
    code = randomBytes(SHORT_LINK.codeBytes).toString('base64url');
    statement(db, 'INSERT INTO short_links (code, session_id, created_at) VALUES (?, ?, ?)').run(code, sessionId, now);
  }
  return `${publicUrl}${SHORT_LINK.pathPrefix}${code}`;
}

/** `GET /l/{code}` → 302 to the page. Unknown codes are 404, like unknown sessions. */
export const shortLinkRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', noStore);
  app.get(`${SHORT_LINK.pathPrefix}:code`, async (request, reply) => {
    const { code } = parseInput(v.object({ code: v.string() }), request.params, 'bad_request');
    const row = CODE.test(code) ? statement(app.qrdrop.db, 'SELECT session_id FROM short_links WHERE code = ?').get(code) : undefined;
    const found = v.safeParse(v.object({ session_id: v.string() }), row);
    if (!found.success) throw Errors.sessionNotFound();
    return reply.redirect(pageUrl(app.qrdrop.config.publicUrl, found.output.session_id), 302);
  });
};
