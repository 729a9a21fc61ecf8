import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorBody, errorBody } from './errors';
import { SECURITY_HEADERS } from './security-headers';

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

/** Fastify's codes for a body it would not parse, as the documented codes of our envelope. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'The Content-Length does not match the body.' },
};

/**
 * A client error raised by the framework or a plugin rather than by our code: its envelope, with one of our
 * documented codes. No framework-internal code (FST_ERR_…) ever reaches the client.
 */
export function frameworkClientError(status: number, error: unknown): ErrorBody {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const known = BODY_ERRORS[code];
  if (known !== undefined) return errorBody(known.status, known.message, known.code);
  const message = error instanceof Error && !code.startsWith('FST_') ? error.message : 'The request is malformed.';
  if (status === 413) return errorBody(413, 'The request body is too large.', 'body_too_large');
  if (status === 415) return errorBody(415, 'Send the body as application/json.', 'unsupported_media_type');
  return errorBody(status, message, status === 400 ? 'bad_request' : 'client_error');
}
