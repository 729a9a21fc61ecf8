import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchJson } from '../../lib/fetch-json';
import { SESSION_CLOCK } from '../../lib/limits';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const isoDate = v.pipe(
  v.string(),
  v.check((value) => !Number.isNaN(Date.parse(value)), 'expiresAt is not a date'),
  v.transform((value) => Date.parse(value)),
);

/** The page's view of a session: `GET /api/v1/upload/{id}/session` (API.md "Read"), qrdrop fields included. */
export const pageSessionSchema = v.object({
  id: v.string(),
  status: v.picklist(['pending', 'active', 'completed', 'expired']),
  /** Epoch ms, on the server's clock. */
  expiresAt: isoDate,
  tags: v.optional(v.array(v.string()), []),
  imagesPerSession: count,
  effectiveMaxImages: count,
  effectiveAllowedMimeTypes: v.pipe(v.array(v.string()), v.minLength(1)),
  effectiveMaxImageDimension: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  password_protected: v.boolean(),
  imagesCount: count,
  effectiveMaxImageSizeBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  label: v.nullish(v.string()),
  /**
   * (qrdrop) End-to-end encryption: photos are sealed on this page for this key. The server sends
   * `e2eEnabled: true` exactly when it sends a key; the page goes by the key (one field less in the first bundle).
   */
  e2ePublicKey: v.nullish(v.string()),
  e2eAllowDowngrade: v.optional(v.boolean()),
});

export type PageSession = v.InferOutput<typeof pageSessionSchema> & {
  /** `expiresAt` moved onto this device's clock (see `deviceExpiry`): what the countdown compares with `Date.now()`. */
  expiresAtOnDevice: number;
};

export const sessionUrl = (sessionId: string) => `/api/v1/upload/${encodeURIComponent(sessionId)}/session`;

export async function getSession(sessionId: string, signal?: AbortSignal): Promise<PageSession> {
  const { data, headers } = await fetchJson(sessionUrl(sessionId), { signal }, pageSessionSchema);
  return { ...data, expiresAtOnDevice: deviceExpiry(data.expiresAt, headers.get('date'), Date.now()) };
}

/**
 * Phones' clocks are often minutes off. The server's `Date` header says what time it is there, so
 * the expiry is shifted by the difference; small differences are the header's 1 s rounding, ignored.
 */
export function deviceExpiry(expiresAt: number, dateHeader: string | null, deviceNow: number): number {
  const serverNow = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(serverNow)) return expiresAt;
  const skew = serverNow - deviceNow;
  return Math.abs(skew) < SESSION_CLOCK.ignoreSkewBelowMs ? expiresAt : expiresAt - skew;
}

export const sessionQueryKey = (sessionId: string) => ['session', sessionId] as const;

/**
 * Read once: later changes surface through the uploads themselves (409, 410, 422 stop the queue)
 * and through the local expiry countdown, so the count of photos stays one consistent number.
 */
export const sessionQueryOptions = (sessionId: string) =>
  queryOptions({
    queryKey: sessionQueryKey(sessionId),
    queryFn: ({ signal }) => getSession(sessionId, signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export const useSession = (sessionId: string) => useQuery(sessionQueryOptions(sessionId));
