import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { sessionDestinations } from '../delivery/delivery-plan';
import { Errors } from '../errors';
import { LIST } from '../limits';
import { countSessionsOfKey, type ListedSession, listSessionsOfKey } from '../session-list';
import { summaryView } from '../session-views';

/**
 * A positive whole number from the query string, or its default when absent. Values above `max` are lowered to it
 * (an SDK asking for more than allowed still gets a useful page); anything else is 400.
 */
export function queryNumber(query: unknown, name: string, fallback: number, max: number): number {
  const parsed = v.safeParse(v.object({ [name]: v.optional(v.string()) }), query ?? {});
  const text = parsed.success ? parsed.output[name] : 'invalid';
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    throw Errors.badRequest(`${name} must be a whole number of at least 1.`, 'invalid_field');
  }
  return Math.min(Number(text), max);
}

/** `GET /api/v1/sessions` and `/sessions/recent`: the caller's own sessions, newest first. */
export const sessionListRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app.qrdrop;
  const rowOf = ({ session, ...counts }: ListedSession, now: number) =>
    summaryView(session, { ...counts, destinationsCount: sessionDestinations(db, session, config.deliveryFolder !== null).length }, now);

  app.get('/api/v1/sessions', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const page = queryNumber(request.query, 'page', 1, Number.MAX_SAFE_INTEGER);
    const pageSize = queryNumber(request.query, 'pageSize', LIST.pageSizeDefault, LIST.pageSizeMax);
    const keyId = apiKeyOf(request).id;
    const now = app.qrdrop.now();
    const total = countSessionsOfKey(db, keyId);
    const rows = listSessionsOfKey(db, keyId, pageSize, (page - 1) * pageSize);
    return {
      data: rows.map((row) => rowOf(row, now)),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
    };
  });

  app.get('/api/v1/sessions/recent', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) => {
    const limit = queryNumber(request.query, 'limit', LIST.recentDefault, LIST.recentMax);
    const now = app.qrdrop.now();
    return listSessionsOfKey(db, apiKeyOf(request).id, limit, 0).map((row) => rowOf(row, now));
  });
};
