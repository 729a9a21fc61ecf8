import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { Errors } from '../errors';
import { LIVE } from '../limits';
import { getSessionOr404 } from '../session-store';
import type { DeliveryService } from './delivery-service';
import { connectedSnapshot } from './live-event';
import { extendSocketTimeout } from './long-poll';

const Params = v.object({ id: v.string() });

/**
 * GET /api/v1/upload/{uuid}/events: Server-Sent Events for one session, no key (the id is the capability;
 * unknown ids are 404 before anything streams). A reconnecting EventSource sends Last-Event-ID and first
 * receives what it missed (see EventLog).
 */
export function registerEventsRoute(app: FastifyInstance, service: DeliveryService): void {
  app.get('/api/v1/upload/:id/events', async (request, reply) => {
    const { db, now } = app.qrdrop;
    const { id } = v.parse(Params, request.params);
    const session = getSessionOr404(db, id);
    if (service.hub.streamsOf(session.id) >= LIVE.sseStreamsPerSessionMax) {
      throw Errors.rateLimited(Math.ceil(LIVE.sseRetryMs / 1000), {});
    }
    const lastEventId = request.headers['last-event-id'];
    // From here the stream is ours, not Fastify's: it ends when the client leaves or the server closes.
    reply.hijack();
    // Heartbeats keep the connection busy; the server's idle-socket cut must not end a quiet stream.
    extendSocketTimeout(request.raw.socket, 0);
    service.hub.open(session.id, reply.raw, typeof lastEventId === 'string' ? lastEventId : undefined, connectedSnapshot(db, session.id, now()));
  });
}
