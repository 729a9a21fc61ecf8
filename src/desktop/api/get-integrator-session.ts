import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchIntegratorJson } from './integrator-fetch';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const isoDate = v.pipe(
  v.string(),
  v.check((value) => !Number.isNaN(Date.parse(value)), 'not a date'),
  v.transform((value) => Date.parse(value)),
);

/** What the desk needs of `GET /api/v1/upload-sessions/{id}` (the integrator read). */
export const integratorSessionSchema = v.object({
  id: v.string(),
  upload_url: v.pipe(v.string(), v.url()),
  status: v.picklist(['pending', 'active', 'completed', 'expired']),
  /** Epoch ms. */
  expiresAt: isoDate,
  effectiveMaxImages: count,
  imagesCount: count,
  password_protected: v.boolean(),
  label: v.nullish(v.string()),
  /** (qrdrop) Photos sealed on the phone for the integrator's key: the desk shows how to open them. */
  e2eEnabled: v.optional(v.boolean()),
});

export type IntegratorSession = v.InferOutput<typeof integratorSessionSchema>;

export const integratorSessionKey = (sessionId: string) => ['desktop', 'session', sessionId] as const;

export const getIntegratorSession = (sessionId: string, apiKey: string, signal?: AbortSignal) =>
  fetchIntegratorJson(`/api/v1/upload-sessions/${encodeURIComponent(sessionId)}`, apiKey, integratorSessionSchema, { signal });

/** Refetched when the live stream says the session changed (see use-session-events.ts), not on a timer. */
export const integratorSessionOptions = (sessionId: string, apiKey: string) =>
  queryOptions({
    queryKey: integratorSessionKey(sessionId),
    queryFn: ({ signal }) => getIntegratorSession(sessionId, apiKey, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useIntegratorSession = (sessionId: string, apiKey: string) => useQuery(integratorSessionOptions(sessionId, apiKey));
