import type { FastifyPluginAsync } from 'fastify';
import { ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { Errors } from '../errors';
import { parseInput } from '../parse-input';
import { QrOptionError, qrOptionsFromQuery, QrQuery } from '../qr/qr-options';
import { type RenderedQr, renderQr } from '../qr/render-qr';
import { SessionParams } from '../session/session-input';
import { pageUrl } from '../session/session-views';

function render(text: string, query: unknown): RenderedQr {
  try {
    return renderQr(text, qrOptionsFromQuery(parseInput(QrQuery, query, 'invalid_qr_option')));
  } catch (error) {
    if (error instanceof QrOptionError) throw Errors.badRequest(`${error.message}.`, 'invalid_qr_option');
    throw error;
  }
}

/**
 * `GET /api/v1/upload-sessions/{uuid}/qr`: the image of the page link, for the integrator to show. Served whatever
 * the session's status: it is only a picture of the link, and the page itself explains an expired session.
 */
export const qrRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/v1/upload-sessions/:uuid/qr',
    { preHandler: [requireApiKey, rateLimitKey('read')] },
    async (request, reply) => {
      const session = await ownedSession(request, parseInput(SessionParams, request.params, 'bad_request').uuid);
      const rendered = render(pageUrl(app.qrdrop.config.publicUrl, session.id), request.query);
      return reply
        .header('content-type', rendered.contentType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        // An SVG opened on its own is a document: let it run nothing and load nothing.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(rendered.body);
    },
  );
};
