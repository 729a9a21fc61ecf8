import { LANGUAGES, type Language } from '../i18n/catalog-types';
import { sessionIdFromPath } from '../lib/session-id';
import { deviceExpiry, type PageSession, parsePageSession } from '../session';

/**
 * The server-rendered page carries what it was rendered from in a `<script type="application/json">` data block
 * (never executed, so the CSP stays `script-src 'self'`): the session read, the language, the server's clock.
 */
export const PAGE_DATA_ID = 'qrdrop-page-data';

/** What src/entry-server.tsx embeds. `session` is the body of `GET /api/v1/upload/{id}/session`, as it is. */
export interface PageData {
  lang: Language;
  /** ISO 8601: the server's clock when it read the session, in place of a response's Date header. */
  serverTime: string;
  session: unknown;
}

const isLanguage = (value: unknown): value is Language => LANGUAGES.some((known) => known === value);

export interface RenderedSession {
  lang: Language;
  session: PageSession;
  /** `serverTime` on this device's clock: the time the first render must use to match the server's markup. */
  renderTime: number;
}

/**
 * When this page's response began to arrive, on this device's clock: the moment that matches `serverTime`, as a
 * response's Date header matches the moment it arrives. Not the time the script runs, which on a slow phone can be
 * seconds later and would pass for a clock that is wrong by as much.
 */
export function documentArrivedAt(): number {
  const [navigation] = performance.getEntriesByType('navigation');
  if (navigation instanceof PerformanceNavigationTiming && navigation.responseStart > 0) return performance.timeOrigin + navigation.responseStart;
  return Date.now();
}

/**
 * The session and language the server rendered `pathname` with, or null when the page is the static shell (no data
 * block) or the block is unusable (then the page reads the session itself, as without server rendering).
 */
export function readPageData(doc: Document, pathname: string, arrivedAt: number): RenderedSession | null {
  const text = doc.getElementById(PAGE_DATA_ID)?.textContent;
  if (text === undefined || text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  return parsePageData(json, pathname, arrivedAt);
}

/** The data block's content, parsed as the page parses a session read; its session must be the one `pathname` names. */
export function parsePageData(json: unknown, pathname: string, deviceNow: number): RenderedSession | null {
  if (typeof json !== 'object' || json === null) return null;
  const { lang, serverTime, session: sessionJson } = json as Record<string, unknown>;
  if (!isLanguage(lang) || typeof serverTime !== 'string') return null;
  // The session read's own check (a hand-written one: page-session.ts says why).
  const parsed = parsePageSession(sessionJson);
  if (!parsed.success || parsed.output.id !== sessionIdFromPath(pathname)) return null;
  const session = parsed.output;
  const expiresAtOnDevice = deviceExpiry(session.expiresAt, serverTime, deviceNow);
  // Shifted as the expiry was, so the time left at the first render is exactly the server's.
  const renderTime = Date.parse(serverTime) - (session.expiresAt - expiresAtOnDevice);
  if (Number.isNaN(renderTime)) return null;
  return { lang, session: { ...session, expiresAtOnDevice }, renderTime };
}
