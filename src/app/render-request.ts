/**
 * What the server hands the server-side render (src/entry-server.tsx's `renderPage`): the one contract between
 * server/page/ and the build's dist/server/entry-server.js. Types only, so the server can import it.
 */
export interface RenderRequest {
  /** `/u/{id}`. */
  pathname: string;
  /** The query string, with its `?` (`?lang=fr&colorScheme=dark`). */
  search: string;
  /** Accept-Language's tags, preferred first. */
  acceptLanguages: readonly string[];
  /** The body of `GET /api/v1/upload/{id}/session` for this page's id. */
  session: unknown;
  /** Epoch ms on the server's clock, when it read the session. */
  serverTime: number;
}
