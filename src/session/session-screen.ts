import type { QueueSnapshot } from '../upload/types';
import type { PageSession } from './api/get-session';
import { problemFromUpload, type SessionProblem } from './session-problem';

/** Which screen a loaded session shows. Loading and read failures come before this (session-page.tsx). */
export type SessionScreen =
  | { kind: 'problem'; problem: SessionProblem }
  | { kind: 'password'; rejected: boolean }
  | { kind: 'ready' }
  | { kind: 'done'; canAddMore: boolean };

export interface SessionScreenInput {
  session: PageSession;
  /** The local countdown reached `expiresAtOnDevice`. */
  expired: boolean;
  /** A verified password is kept for this tab (or the session has none). */
  hasPassword: boolean;
  snapshot: QueueSnapshot;
  /** `confirmedCount` when the person last tapped "Add more" (0 before). */
  addMoreAt: number;
}

/** The status table called the upload's answer "password" (401): the kept password must be asked again. */
export const passwordRefused = (snapshot: QueueSnapshot): boolean => snapshot.sessionFailure?.scope === 'password';

/** Free slots: what the server had counted at the read, minus what this page got through since. */
export const remainingSlots = (session: PageSession, snapshot: QueueSnapshot): number =>
  Math.max(0, session.effectiveMaxImages - session.imagesCount - snapshot.confirmedCount);

/**
 * One screen per session state, first match wins:
 * a session-level upload failure (404/403/409/410/422), then the session's own status or the local
 * countdown reaching expiresAt, then the password, then "full", then all done, else ready.
 */
export function sessionScreen({ session, expired, hasPassword, snapshot, addMoreAt }: SessionScreenInput): SessionScreen {
  const failure = snapshot.sessionFailure;
  const passwordRejected = passwordRefused(snapshot);
  if (failure !== undefined && failure.scope === 'session') return { kind: 'problem', problem: problemFromUpload(failure) };

  if (session.status === 'completed') return { kind: 'problem', problem: { kind: 'completed', status: null } };
  if (session.status === 'expired') return { kind: 'problem', problem: { kind: 'expired', status: null } };
  if (expired) return { kind: 'problem', problem: { kind: 'expired', status: null, at: session.expiresAtOnDevice } };
  // A 401 also counts when the read said "no password": the integrator may have set one since.
  if ((session.password_protected && !hasPassword) || passwordRejected) return { kind: 'password', rejected: passwordRejected };

  const remaining = remainingSlots(session, snapshot);
  if (remaining === 0 && snapshot.items.length === 0) return { kind: 'problem', problem: { kind: 'full', status: null } };

  const allDone = snapshot.items.length > 0 && snapshot.items.every((item) => item.status === 'done');
  if (snapshot.phase === 'idle' && allDone && snapshot.confirmedCount > addMoreAt) return { kind: 'done', canAddMore: remaining > 0 };
  return { kind: 'ready' };
}
