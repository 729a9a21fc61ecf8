import { fetchJson } from '../../lib/fetch-json';
import { SESSION_CLOCK } from '../../lib/limits';
import { parsePageSession, type SessionRead } from './page-session';

export type PageSession = SessionRead & {
  /** `expiresAt` moved onto this device's clock (see `deviceExpiry`): what the countdown compares with `Date.now()`. */
  expiresAtOnDevice: number;
};

export const sessionUrl = (sessionId: string) => `/api/v1/upload/${encodeURIComponent(sessionId)}/session`;

export async function getSession(sessionId: string, signal?: AbortSignal): Promise<PageSession> {
  const { data, headers } = await fetchJson(sessionUrl(sessionId), { signal }, parsePageSession);
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
