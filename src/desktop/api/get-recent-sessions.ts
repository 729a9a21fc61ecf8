import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchIntegratorJson } from './integrator-fetch';

const rowSchema = v.object({
  id: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  status: v.picklist(['pending', 'active', 'completed', 'expired']),
  imagesCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  label: v.nullish(v.string()),
});

export type RecentSession = v.InferOutput<typeof rowSchema>;

/** `GET /api/v1/sessions/recent`: the key's latest sessions, newest first. */
export const recentSessionsOptions = (apiKey: string) =>
  queryOptions({
    queryKey: ['desktop', 'recent-sessions'] as const,
    queryFn: ({ signal }) => fetchIntegratorJson('/api/v1/sessions/recent?limit=20', apiKey, v.array(rowSchema), { signal }),
  });

export const useRecentSessions = (apiKey: string) => useQuery(recentSessionsOptions(apiKey));
