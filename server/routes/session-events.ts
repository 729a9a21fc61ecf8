import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { Errors } from '../errors';
import { LIVE } from '../limits';
import { parseInput } from '../parse-input';
import { sessionOr404 } from '../session/session-store';
import type { DeliveryService } from '../delivery/delivery-service';
import { assertEventsAccess, eventsAccessToken, requestCredentials } from '../delivery/events-access';
import { connectedSnapshot } from '../delivery/live-event';
import { extendSocketTimeout } from '../delivery/long-poll';

const Params = v.object({ id: v.string() });

/**
 * GET /api/v1/upload/{uuid}/events: Server-Sent Events for one session, no key (the id is the capability;
 * unknown ids are 404 before anything streams). A protected session's stream also needs its password
 * (`x-session-password`) or its events access token (`?access=`), else 401 before anything streams
 * (events-access.ts). A reconnecting EventSource sends Last-Event-ID and first receives what it missed (see sse-hub.ts).
 */
export function registerEventsRoute(app: FastifyInstance, service: DeliveryService): void {
  app.get('/api/v1/upload/:id/events', async (request, reply) => {
    const { uploads, now } = app.qrdrop;
    const { id } = parseInput(Params, request.params, 'bad_request');
    const session = await sessionOr404(uploads, id);
    await assertEventsAccess(app.qrdrop, session, request.ip, requestCredentials(request.headers, request.query));
    // The slot is the cluster's in cluster mode (every instance's streams count), this process's in `npm start`.
    const release = await service.live.slots.take(session.id, now());
    if (release === undefined) throw Errors.rateLimited(Math.ceil(LIVE.sseRetryMs / 1000), {});
    reply.raw.once('close', release);
    const lastEventId = request.headers['last-event-id'];
    let connected: Record<string, unknown>;
    try {
      connected = await connectedSnapshot(uploads, session.id, now());
    } catch (error) {
      release();
      throw error;
    }
    // From here the stream is ours, not Fastify's: it ends when the client leaves or the server closes.
    reply.hijack();
    // Heartbeats keep the connection busy; the server's idle-socket cut must not end a quiet stream.
    extendSocketTimeout(request.raw.socket, 0);
    service.hub.open(session.id, reply.raw, typeof lastEventId === 'string' ? lastEventId : undefined, connected);
  });

  // The key holder's way to the protected stream from an EventSource, which cannot send the password header.
  app.get('/api/v1/upload-sessions/:id/events-access', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { access: eventsAccessToken(await ownedSession(request, parseInput(Params, request.params, 'bad_request').id)) };
  });
}
