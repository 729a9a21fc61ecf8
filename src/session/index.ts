/**
 * session/: the phone's page for one upload session; it composes the other features. session-page.tsx reads
 * the session; session-view.tsx picks the screen (session-screen.ts, session-problem.ts) and screens/ draws it;
 * use-session-queue.ts owns the upload queue: it loads the after-pick chunk (after-pick.ts), whose factory from
 * upload/ makes the queue, whose follow-queue.ts tells embed/'s parent page and holds the wake lock, and whose
 * queue-list.tsx wires upload/'s list to the queue (the quality hint's Retake opens the camera: take-photo-again.ts);
 * prefetch-upload-engine.ts fetches that chunk early; api/ holds the session's requests and its cache for the page
 * (session-cache.ts, use-session.ts), password-store.ts the password kept for the tab.
 *
 * This file is the public entry: the page for one session, its problem screens, and what src/main.tsx,
 * src/entry-server.tsx and app/ need to read a session before the page draws. Never the after-pick chunk,
 * which use-session-queue.ts loads with import().
 */
export { deviceExpiry, type PageSession } from './api/get-session';
export { parsePageSession } from './api/page-session';
export { createSessionCache, type SessionCache } from './api/session-cache';
export { SessionCacheContext } from './api/use-session';
export { readPassword } from './password-store';
export { ProblemScreen } from './screens/problem-screen';
export { SessionPage } from './session-page';
