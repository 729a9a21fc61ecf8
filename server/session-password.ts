import { Errors } from './errors';
import { verifyPassword } from './password';
import type { Session } from './session-store';

/** Whether `candidate` opens the session. A session without a password accepts anything. */
export async function sessionPasswordMatches(session: Session, candidate: string | undefined): Promise<boolean> {
  if (session.passwordHash === null) return true;
  if (candidate === undefined || candidate === '') return false;
  return verifyPassword(session.passwordHash, candidate);
}

/**
 * For the upload route: 401 `wrong_password` when the session is protected and the `x-session-password` header is
 * missing or wrong. Call it after the per-session rate limit, which is what bounds guesses made through uploads.
 */
export async function assertSessionPassword(session: Session, headerValue: string | string[] | undefined): Promise<void> {
  const candidate = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (!(await sessionPasswordMatches(session, candidate))) throw Errors.wrongPassword();
}
