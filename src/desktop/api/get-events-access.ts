import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchIntegratorJson } from './integrator-fetch';

/**
 * `GET /api/v1/upload-sessions/{id}/events-access`: the token an EventSource passes as `?access=` to follow a
 * password-protected session's events (it cannot send the password header); null for a session without one.
 */
export const eventsAccessSchema = v.object({ access: v.nullable(v.pipe(v.string(), v.regex(/^[\w-]+$/))) });

export const eventsAccessKey = (sessionId: string) => ['desktop', 'events-access', sessionId] as const;

export const getEventsAccess = (sessionId: string, apiKey: string, signal?: AbortSignal) =>
  fetchIntegratorJson(`/api/v1/upload-sessions/${encodeURIComponent(sessionId)}/events-access`, apiKey, eventsAccessSchema, { signal });

/** Fetched again only when the stream is refused (the password changed), see use-session-events.ts. */
export const eventsAccessOptions = (sessionId: string, apiKey: string) =>
  queryOptions({
    queryKey: eventsAccessKey(sessionId),
    queryFn: ({ signal }) => getEventsAccess(sessionId, apiKey, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useEventsAccess = (sessionId: string, apiKey: string, enabled: boolean) =>
  useQuery({ ...eventsAccessOptions(sessionId, apiKey), enabled });
