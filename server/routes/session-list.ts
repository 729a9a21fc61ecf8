import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { sessionDestinations } from '../delivery/delivery-plan';
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
  const { db, lists, config } = app.qrdrop;
  const rowOf = ({ session, ...counts }: ListedSession, now: number) =>
    summaryView(session, { ...counts, destinationsCount: sessionDestinations(db, session, config.deliveryFolder !== null).length }, now);

  app.get('/api/v1/sessions', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const { page, pageSize } = parseInput(PageQuery, request.query, 'invalid_field');
    const keyId = apiKeyOf(request).id;
    const now = app.qrdrop.now();
    const [total, rows] = await Promise.all([lists.countSessions(keyId), lists.listSessions(keyId, pageSize, (page - 1) * pageSize)]);
    return {
      data: rows.map((row) => rowOf(row, now)),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
    };
  });

  app.get('/api/v1/sessions/recent', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const { limit } = parseInput(RecentQuery, request.query, 'invalid_field');
    const now = app.qrdrop.now();
    return (await lists.listSessions(apiKeyOf(request).id, limit, 0)).map((row) => rowOf(row, now));
  });
};
