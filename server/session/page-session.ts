import type { UploadStore } from '../cluster/store';
import { sessionOr404 } from './session-store';
import { pageView } from './session-views';

/**
 * The page's read of a session: `GET /api/v1/upload/{id}/session`'s body, also embedded in the server-rendered page
 * (server/page/render-session-page.ts). Rejects with the 404 for unknown and malformed ids.
 */
export async function readPageSession(
  context: { uploads: UploadStore; now: () => number },
  uuid: string,
  now = context.now(),
): Promise<ReturnType<typeof pageView>> {
  const session = await sessionOr404(context.uploads, uuid);
  return pageView(session, await context.uploads.countImages(session.id), now);
}
