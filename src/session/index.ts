/**
 * session/'s public entry: the page for one session, its problem screens, and what src/main.tsx,
 * src/entry-server.tsx and app/ need to read a session before the page draws. Never the after-pick chunk
 * (after-pick.ts), which use-session-queue.ts loads with import(). What lives where: session-page.tsx.
 */
export { deviceExpiry, type PageSession, pageSessionSchema, sessionQueryKey } from './api/get-session';
export { readPassword } from './password-store';
export { ProblemScreen } from './screens/problem-screen';
export { SessionPage } from './session-page';
