import { isSessionId } from '../lib/session-id';

export type DesktopRoute = { kind: 'home' } | { kind: 'session'; sessionId: string } | { kind: 'unknown' };

/** `/` is the list of sessions; `/s/{uuid}` one session. Anything else the server would not have served us. */
export function desktopRoute(pathname: string): DesktopRoute {
  if (pathname === '/' || pathname === '') return { kind: 'home' };
  const candidate = /^\/s\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (candidate !== undefined && isSessionId(candidate)) return { kind: 'session', sessionId: candidate.toLowerCase() };
  return { kind: 'unknown' };
}

export const desktopSessionPath = (sessionId: string): string => `/s/${encodeURIComponent(sessionId)}`;
