import { createHmac, timingSafeEqual } from 'node:crypto';
import { Errors } from '../errors';
import { firstHeader, guessSessionPassword, type PasswordCheckContext } from '../session/session-password';
import type { Session } from '../session/session-store';

/**
 * What a client may pass to follow a protected session's live events (SSE, Socket.IO): the password itself
 * (`x-session-password`, counted as a guess like any other), or the session's events access token, for clients
 * that cannot set headers (EventSource): an HMAC of the session id keyed by the stored password hash, so it needs
 * no server secret, survives restarts, and stops working when the password changes or is removed.
 */
export interface EventsCredentials {
  password: string | undefined;
  access: string | undefined;
}

/** The token the desk (and any key holder) passes as `?access=`; null for a session without a password. */
export function eventsAccessToken(session: Session): string | null {
  if (session.passwordHash === null) return null;
  return createHmac('sha256', session.passwordHash).update(`qrdrop events ${session.id}`).digest('base64url');
}

function accessTokenMatches(session: Session, candidate: string | undefined): boolean {
  const expected = eventsAccessToken(session);
  if (expected === null || candidate === undefined) return false;
  const given = Buffer.from(candidate);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * 401 `wrong_password` unless the session has no password, or the credentials open it; 429 when this client has
 * guessed the password wrong too often. Nothing of a protected session streams before this passes.
 */
export async function assertEventsAccess(context: PasswordCheckContext, session: Session, address: string, credentials: EventsCredentials): Promise<void> {
  if (session.passwordHash === null || accessTokenMatches(session, credentials.access)) return;
  if (credentials.password === undefined || credentials.password === '') throw Errors.wrongPassword();
  if (!(await guessSessionPassword(context, session, address, credentials.password))) throw Errors.wrongPassword();
}

/** The credentials of an HTTP request: the `x-session-password` header and the `access` query parameter. */
export function requestCredentials(headers: Record<string, string | string[] | undefined>, query: unknown): EventsCredentials {
  const access = typeof query === 'object' && query !== null && 'access' in query ? query.access : undefined;
  return { password: firstHeader(headers['x-session-password']), access: typeof access === 'string' ? access : undefined };
}
