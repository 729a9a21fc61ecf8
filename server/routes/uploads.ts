import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { statsOfKey } from '../integrator/stats';
import { countUploadsOfKey, listUploadsOfKey } from '../integrator/upload-list';
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
  const { db } = app.qrdrop;
  app.addHook('onSend', noStore);
  const guard = { preHandler: [requireApiKey, rateLimitKey('read')] };

  app.get('/api/v1/uploads', guard, async (request) => {
    const { page, pageSize } = parseInput(PageQuery, request.query, 'invalid_field');
    const keyId = apiKeyOf(request).id;
    const total = countUploadsOfKey(db, keyId);
    return { data: listUploadsOfKey(db, keyId, pageSize, (page - 1) * pageSize), total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
  });

  app.get('/api/v1/uploads/recent', guard, async (request) =>
    listUploadsOfKey(db, apiKeyOf(request).id, parseInput(RecentQuery, request.query, 'invalid_field').limit, 0),
  );

  app.get('/api/v1/stats', guard, async (request) => statsOfKey(db, apiKeyOf(request).id, app.qrdrop.now()));
};
