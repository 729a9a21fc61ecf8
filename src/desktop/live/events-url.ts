import { useEventsAccess } from '../api/get-events-access';

/** The session's event stream; a protected session's carries its events access token (never the password). */
export const eventsUrl = (sessionId: string, access: string | null): string =>
  `/api/v1/upload/${encodeURIComponent(sessionId)}/events${access === null ? '' : `?access=${encodeURIComponent(access)}`}`;

/**
 * Where the desk follows the session's events, once it is known: `passwordProtected` comes from the integrator
 * read, and a protected session's stream waits for its access token. Undefined until then.
 */
export function useEventsUrl(sessionId: string, apiKey: string, passwordProtected: boolean | undefined): string | undefined {
  const access = useEventsAccess(sessionId, apiKey, passwordProtected === true);
  if (passwordProtected === undefined) return undefined;
  if (!passwordProtected) return eventsUrl(sessionId, null);
  return access.data === undefined ? undefined : eventsUrl(sessionId, access.data.access);
}
