import type { FastifyReply } from 'fastify';
import { Errors } from '../errors';
import { PASSWORD_GUESSES } from '../limits';
import { verifyPassword } from './password';
import type { PasswordGuesses } from './password-guesses';
import type { Session } from './session-store';

/** What a password check needs of the app: the guess counter and the clock (the app context has both). */
export interface PasswordCheckContext {
  passwordGuesses: PasswordGuesses;
  now: () => number;
}

/** Whether `candidate` opens the session. A session without a password accepts anything. */
export async function sessionPasswordMatches(session: Session, candidate: string | undefined): Promise<boolean> {
  if (session.passwordHash === null) return true;
  if (candidate === undefined || candidate === '') return false;
  return verifyPassword(session.passwordHash, candidate);
}

/**
 * A password guess from the client at `address`, counted by PasswordGuesses: 429 (with Retry-After) for that
 * client alone once it has guessed wrong too often, otherwise whether the password is right. A right password is
 * never refused because of other clients' wrong guesses, and is not counted. When `reply` is given it carries the
 * client's X-RateLimit-* headers. A session without a password accepts anything, uncounted.
 */
export async function guessSessionPassword(
  context: PasswordCheckContext,
  session: Session,
  address: string,
  candidate: string | undefined,
  reply?: FastifyReply,
): Promise<boolean> {
  if (session.passwordHash === null) return true;
  const admission = await context.passwordGuesses.begin(session.id, address);
  const headers = {
    'x-ratelimit-limit': String(PASSWORD_GUESSES.perClientPerMinute),
    'x-ratelimit-remaining': String(admission.allowed ? admission.remaining : 0),
    'x-ratelimit-reset': String(Math.ceil(admission.resetAt / 1000)),
  };
  if (!admission.allowed) {
    throw Errors.rateLimited(Math.max(1, Math.ceil((admission.resetAt - context.now()) / 1000)), headers);
  }
  reply?.headers(headers);
  const matches = await sessionPasswordMatches(session, candidate);
  if (matches) await context.passwordGuesses.refund(session.id, address);
  return matches;
}

/** The first value of a header that may be repeated. */
export const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * For the upload route: 401 `wrong_password` when the session is protected and the `x-session-password` header is
 * missing or wrong, 429 when this client has guessed wrong too often (guessSessionPassword).
 */
export async function assertSessionPassword(context: PasswordCheckContext, session: Session, address: string, headerValue: string | string[] | undefined): Promise<void> {
  if (!(await guessSessionPassword(context, session, address, firstHeader(headerValue)))) throw Errors.wrongPassword();
}
