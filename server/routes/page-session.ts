import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { SESSION } from '../limits';
import { noStore } from '../no-store';
import { parseInput } from '../parse-input';
import { readPageSession } from '../session/page-session';
import { SessionParams } from '../session/session-input';
import { guessSessionPassword } from '../session/session-password';
import { sessionOr404 } from '../session/session-store';

const VerifyPasswordBody = v.object(
  {
    password: v.pipe(
      v.string('password must be a string'),
      v.maxLength(SESSION.passwordMaxLength, `password must be at most ${SESSION.passwordMaxLength} characters`),
    ),
  },
  'The body must be a JSON object with a password',
);

/**
 * Page routes: no API key, the session id in the link is the capability. Unknown and malformed ids are the same
 * 404. The read never answers 410: an expired (or completed) session is reported by its `status`, so the page and
 * SDKs get the session's details in every state and choose the screen from one field.
 */
export const pageSessionRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', noStore);

  app.get('/api/v1/upload/:uuid/session', async (request) =>
    readPageSession(app.qrdrop, parseInput(SessionParams, request.params, 'bad_request').uuid),
  );

  // Wrong guesses are counted per client address and per session (PASSWORD_GUESSES): a guesser is refused alone.
  app.post('/api/v1/upload/:uuid/verify-password', async (request, reply) => {
    const session = await sessionOr404(app.qrdrop.uploads, parseInput(SessionParams, request.params, 'bad_request').uuid);
    const { password } = parseInput(VerifyPasswordBody, request.body, 'invalid_field');
    return { valid: await guessSessionPassword(app.qrdrop, session, request.ip, password, reply) };
  });
};
