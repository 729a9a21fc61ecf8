import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { chooseDestinations } from '../delivery/delivery-plan';
import type { Destination } from '../delivery/destination-store';
import { LIST } from '../limits';
import { parseInput, queryCount } from '../parse-input';
import type { ListedSession } from '../session/session-list';
import { summaryView } from '../session/session-views';

const PageQuery = v.object({
  page: queryCount('page', 1, Number.MAX_SAFE_INTEGER),
  pageSize: queryCount('pageSize', LIST.pageSizeDefault, LIST.pageSizeMax),
});
const RecentQuery = v.object({ limit: queryCount('limit', LIST.recentDefault, LIST.recentMax) });

/** `GET /api/v1/sessions` and `/sessions/recent`: the caller's own sessions, newest first. */
export const sessionListRoutes: FastifyPluginAsync = async (app) => {
  const { destinations, lists, config } = app.qrdrop;
  // Every listed session is the caller key's: its destinations are read once (from the app's store, which on a
  // cluster is PostgreSQL), then chosen per session.
  const rowOf = ({ session, ...counts }: ListedSession, keyDestinations: readonly Destination[], now: number) =>
    summaryView(session, { ...counts, destinationsCount: chooseDestinations(session, keyDestinations, config.deliveryFolder !== null).length }, now);

  app.get('/api/v1/sessions', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const { page, pageSize } = parseInput(PageQuery, request.query, 'invalid_field');
    const keyId = apiKeyOf(request).id;
    const now = app.qrdrop.now();
    const [total, rows, keyDestinations] = await Promise.all([
      lists.countSessions(keyId),
      lists.listSessions(keyId, pageSize, (page - 1) * pageSize),
      destinations.listOfKey(keyId),
    ]);
    return {
      data: rows.map((row) => rowOf(row, keyDestinations, now)),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
    };
  });

  app.get('/api/v1/sessions/recent', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const { limit } = parseInput(RecentQuery, request.query, 'invalid_field');
    const keyId = apiKeyOf(request).id;
    const now = app.qrdrop.now();
    const [rows, keyDestinations] = await Promise.all([lists.listSessions(keyId, limit, 0), destinations.listOfKey(keyId)]);
    return rows.map((row) => rowOf(row, keyDestinations, now));
  });
};
