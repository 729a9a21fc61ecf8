import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { LIVE } from '../limits';
import { parseInput } from '../parse-input';
import { sessionOr404 } from '../session/session-store';
import type { DeliveryService } from '../delivery/delivery-service';
import { deliveryStatus, lastChangedAt } from '../delivery/delivery-status';
import { extendSocketTimeout, waitForChange } from '../delivery/long-poll';

const Params = v.object({ id: v.string() });

/** ISO 8601 date-time, as sent back from `lastChanged` (milliseconds and offsets allowed). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const Query = v.object({
  pollFrom: v.optional(
    v.pipe(
      v.string(),
      v.regex(ISO_DATE_TIME, 'pollFrom must be an ISO 8601 date-time such as 2025-01-31T12:00:00.000Z'),
      v.transform((text) => Date.parse(text)),
      v.check((ms) => Number.isFinite(ms), 'pollFrom must be a real date'),
    ),
  ),
});

/**
 * GET /api/v1/upload-sessions/{uuid}/delivery-status[?pollFrom=ISO] (API.md). Without pollFrom: the state now.
 * With it: at once if anything changed after pollFrom, otherwise held until the session's next change, its
 * expiry, or LONG_POLL_MAX_SECONDS, and then the state at that moment.
 */
export function registerStatusRoute(app: FastifyInstance, service: DeliveryService): void {
  app.get('/api/v1/upload-sessions/:id/delivery-status', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request, reply) => {
    const { uploads, config, now } = app.qrdrop;
    const { id } = parseInput(Params, request.params, 'bad_request');
    const session = await ownedSession(request, id);
    const { pollFrom } = parseInput(Query, request.query, 'invalid_poll_from');
    const { live, sessionFiles } = service;
    if (pollFrom === undefined) return deliveryStatus(sessionFiles, session, await live.changedAt(session.id), now());

    const untilExpiry =
      session.completedAt === null && session.expiresAt > now() ? session.expiresAt - now() + LIVE.longPollExpiryMarginMs : Infinity;
    const holdMs = Math.min(config.longPollMaxMs, untilExpiry);
    // The server's idle-socket cut (30 s) would end a long hold before it answers: extend it for this request.
    extendSocketTimeout(request.raw.socket, holdMs + LIVE.longPollSocketGraceMs);
    const clientGone = new AbortController();
    reply.raw.once('close', () => clientGone.abort());

    await waitForChange({
      // A wake whose clock is not past pollFrom (a cluster's catch-up taking its first look) is no change to report.
      subscribe: (onChange) =>
        live.onSessionChange(session.id, (changedAt) => {
          if (changedAt > pollFrom) onChange();
        }),
      changedAlready: async () => lastChangedAt(await sessionOr404(uploads, session.id), await live.changedAt(session.id), now()) > pollFrom,
      holdMs,
      signal: AbortSignal.any([clientGone.signal, service.closing]),
    });
    return deliveryStatus(sessionFiles, await sessionOr404(uploads, session.id), await live.changedAt(session.id), now());
  });
}
