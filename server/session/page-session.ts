import type { Db } from '../db';
import { countImages, getSessionOr404 } from './session-store';
import { pageView } from './session-views';

/**
 * The page's read of a session: `GET /api/v1/upload/{id}/session`'s body, also embedded in the server-rendered page
 * (server/page/render-session-page.ts). Throws the 404 for unknown and malformed ids.
 */
export function readPageSession(context: { db: Db; now: () => number }, uuid: string, now = context.now()): ReturnType<typeof pageView> {
  const session = getSessionOr404(context.db, uuid);
  return pageView(session, countImages(context.db, session.id), now);
}
