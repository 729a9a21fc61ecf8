import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { monthStart, statsView } from '../integrator/stats';
import { LIST } from '../limits';
import { noStore } from '../no-store';
import { parseInput, queryCount } from '../parse-input';

const PageQuery = v.object({
  page: queryCount('page', 1, Number.MAX_SAFE_INTEGER),
  pageSize: queryCount('pageSize', LIST.pageSizeDefault, LIST.pageSizeMax),
});
const RecentQuery = v.object({ limit: queryCount('limit', LIST.recentDefault, LIST.recentMax) });

/** `GET /api/v1/uploads`, `/uploads/recent` and `/stats`: the caller's own photos and numbers, like `/sessions`. */
export const uploadListRoutes: FastifyPluginAsync = async (app) => {
  const { lists, apiKeys } = app.qrdrop;
  app.addHook('onSend', noStore);
  const guard = { preHandler: [requireApiKey, rateLimitKey('read')] };

  app.get('/api/v1/uploads', guard, async (request) => {
    const { page, pageSize } = parseInput(PageQuery, request.query, 'invalid_field');
    const keyId = apiKeyOf(request).id;
    const [total, data] = await Promise.all([lists.countUploads(keyId), lists.listUploads(keyId, pageSize, (page - 1) * pageSize)]);
    return { data, total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
  });

  app.get('/api/v1/uploads/recent', guard, async (request) =>
    lists.listUploads(apiKeyOf(request).id, parseInput(RecentQuery, request.query, 'invalid_field').limit, 0),
  );

  app.get('/api/v1/stats', guard, async (request) => {
    const keyId = apiKeyOf(request).id;
    const [totals, keys] = await Promise.all([lists.totals(keyId, monthStart(app.qrdrop.now())), apiKeys.listVisible(keyId)]);
    return statsView(totals, keys.filter((key) => key.isActive).length);
  });
};
