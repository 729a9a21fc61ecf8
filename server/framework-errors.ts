import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors';
import { SECURITY_HEADERS } from './routes/page';

/**
 * URLs the router refuses before any route runs (a malformed %-escape, a path segment longer than any id).
 * Fastify's own answers to these are not our envelope, skip the security headers, and echo the path back, which
 * may hold a session id; this answers them like every other error. The path is never repeated. (These replies
 * skip the app's onSend hooks, hence the headers set here.)
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.headers(SECURITY_HEADERS);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.code(414).send(errorBody(414, 'The URL is too long.', 'url_too_long'));
  if (error.code === 'FST_ERR_BAD_URL') return reply.code(400).send(errorBody(400, 'The URL is malformed.', 'bad_url'));
  return reply.code(500).send(errorBody(500, 'Something went wrong on our side.', 'internal'));
}
