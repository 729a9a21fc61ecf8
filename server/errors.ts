import { STATUS_CODES } from 'node:http';

/**
 * The error envelope of API.md: {"statusCode", "error", "message", "code"?}.
 * Every error the server answers goes through `errorBody`, so the shape is the same everywhere.
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
}

/** A failure meant for the client: its status, a stable code and a human sentence. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(statusCode: number, message: string, code?: string): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (code !== undefined) body.code = code;
  return body;
}

/** The closed table of errors the server raises. One place to read what each status means. */
export const Errors = {
  badRequest: (message: string, code = 'bad_request') => new HttpError(400, code, message),
  unauthorized: (message = 'Missing or invalid API key.', code = 'unauthorized') => new HttpError(401, code, message),
  wrongPassword: () => new HttpError(401, 'wrong_password', 'This session needs the right password.'),
  forbidden: (message = 'This API key cannot use this session.') => new HttpError(403, 'forbidden', message),
  sessionNotFound: () => new HttpError(404, 'session_not_found', 'Session not found.'),
  imageNotFound: () => new HttpError(404, 'image_not_found', 'Image not found.'),
  destinationNotFound: () => new HttpError(404, 'destination_not_found', 'Destination not found.'),
  routeNotFound: () => new HttpError(404, 'not_found', 'Not found.'),
  sessionCompleted: () => new HttpError(409, 'session_completed', 'This session is already completed.'),
  alreadyAcknowledged: () => new HttpError(409, 'already_acknowledged', 'This image was already acknowledged.'),
  sessionExpired: () => new HttpError(410, 'session_expired', 'This session has expired.'),
  fileTooLarge: (limitBytes: number) =>
    new HttpError(413, 'file_too_large', `The file is larger than this session allows (${formatBytes(limitBytes)}).`),
  bodyTooLarge: () => new HttpError(413, 'body_too_large', 'The request body is too large.'),
  dimensionsTooLarge: (max: number) =>
    new HttpError(413, 'dimensions_too_large', `The image is larger than ${max} pixels on its longest side.`),
  unsupportedType: (allowed: readonly string[]) =>
    new HttpError(415, 'unsupported_type', `The file is not one of the allowed types (${allowed.join(', ')}).`),
  sessionFull: () => new HttpError(422, 'session_full', 'This session has received all the photos it allows.'),
  rateLimited: (retryAfterSeconds: number, headers: Record<string, string>) =>
    new HttpError(429, 'rate_limited', `Too many requests. Try again in ${retryAfterSeconds} s.`, {
      ...headers,
      'retry-after': String(retryAfterSeconds),
    }),
  unavailable: () => new HttpError(503, 'unavailable', 'The server is shutting down. Try again shortly.'),
  // /healthz of a cluster instance that lost its database or its LISTEN connection (which of the two is not said).
  notReady: () => new HttpError(503, 'not_ready', 'This instance is not ready to serve. Try another one.'),

  // The upload route. A file the page can fix by choosing another photo is 400/413/415 (per file, "Upload
  // rejected" with this message); an image with more pixels than the decompression-bomb guard allows is 413, like
  // any other "too large" (422 means "session full" to the page, which would stop the whole queue).
  badUploadForm: (message: string) => new HttpError(400, 'bad_upload_form', message),
  badSource: (allowed: readonly string[]) =>
    new HttpError(400, 'bad_source', `"source" must be one of ${allowed.join(', ')}.`),
  badIdempotencyKey: (maxLength: number) =>
    new HttpError(400, 'bad_idempotency_key', `Idempotency-Key must be 1 to ${maxLength} visible ASCII characters.`),
  emptyFile: () => new HttpError(400, 'empty_file', 'The file is empty.'),
  truncatedFile: () =>
    new HttpError(400, 'truncated_file', 'The file is incomplete: it ends before the end of the image. Send it again.'),
  corruptImage: () => new HttpError(400, 'corrupt_image', 'The file looks like an image but its structure is damaged.'),
  // Bounded cost per byte (issue 11): millions of empty boxes/chunks, or checks past UPLOAD.checkBudgetMs.
  imageTooComplex: () =>
    new HttpError(400, 'image_too_complex', 'The file has far more structure than a photo (boxes, segments or chunks); it was not checked further.'),
  tooManyPixels: (maxPixels: number) =>
    new HttpError(413, 'too_many_pixels', `The image has more than ${maxPixels / 1_000_000} million pixels.`),
  // Poll and ack exist only for sessions created with long_polling: true (API.md); the key may not use them otherwise.
  longPollingDisabled: () =>
    new HttpError(403, 'long_polling_disabled', 'Long polling is not enabled for this session (create it with long_polling: true).'),
} as const;

function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
