import type { FastifyPluginAsync } from 'fastify';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { statsOfKey } from '../integrator/stats';
import { countUploadsOfKey, listUploadsOfKey } from '../integrator/upload-list';
import { LIST } from '../limits';
import { noStore } from '../no-store';
import { queryNumber } from './session-list';

/** `GET /api/v1/uploads`, `/uploads/recent` and `/stats`: the caller's own photos and numbers, like `/sessions`. */
export const uploadListRoutes: FastifyPluginAsync = async (app) => {
  const { db } = app.qrdrop;
  app.addHook('onSend', noStore);
  const guard = { preHandler: [requireApiKey, rateLimitKey('read')] };

  app.get('/api/v1/uploads', guard, async (request) => {
    const page = queryNumber(request.query, 'page', 1, Number.MAX_SAFE_INTEGER);
    const pageSize = queryNumber(request.query, 'pageSize', LIST.pageSizeDefault, LIST.pageSizeMax);
    const keyId = apiKeyOf(request).id;
    const total = countUploadsOfKey(db, keyId);
    return { data: listUploadsOfKey(db, keyId, pageSize, (page - 1) * pageSize), total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
  });

  app.get('/api/v1/uploads/recent', guard, async (request) =>
    listUploadsOfKey(db, apiKeyOf(request).id, queryNumber(request.query, 'limit', LIST.recentDefault, LIST.recentMax), 0),
  );

  app.get('/api/v1/stats', guard, async (request) => statsOfKey(db, apiKeyOf(request).id, app.qrdrop.now()));
};
