/**
 * A session id is a UUID (API.md: v4, 122 random bits, the capability to upload).
 * The page checks its shape before any request, so a mistyped link never reaches the server.
 * Any RFC 9562 version is well formed, as on the server (server/ids.ts): the page must not call
 * "Invalid link" what the server would accept.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isSessionId = (value: string): boolean => UUID.test(value);

/** `/u/{id}` (an optional trailing slash is tolerated) → the id, lower-cased, or null when the link is not well formed. */
export function sessionIdFromPath(pathname: string): string | null {
  const match = /^\/u\/([^/]+)\/?$/.exec(pathname);
  const candidate = match?.[1];
  if (candidate === undefined) return null;
  return isSessionId(candidate) ? candidate.toLowerCase() : null;
}
