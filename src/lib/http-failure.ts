/*
 * lib/: small helpers every feature may use and that import no feature: requests and their failures
 * (this file's status table, request-failure.ts, fetch-json.ts, error-body.ts, retry-after.ts, parse-result.ts), the
 * retry policy for the page and the desktop view (retry-policy.ts, with-retry.ts, the desktop's query-client.ts),
 * the page's limits (limits.ts) and a few hooks (use-lazy.ts, use-deadline.ts, use-now.ts).
 */
import type { ErrorDetail } from './error-body';

/**
 * The closed table of what an HTTP failure means on the page: which message the person sees,
 * whether it concerns one file, the whole session or its password, and whether trying again can help.
 * The status decides; the body (see error-body.ts) only adds detail. Everything downstream (the
 * request failure, the queue's item messages and session stop, the problem screens) names the same
 * facts the same way: `status`, `key`, `detail` (an ErrorDetail), `requestId`, and the table's `scope`.
 */
export type FailureScope =
  /** This file is refused; other files go on. */
  | 'file'
  /** The session cannot take uploads any more: stop the queue, show the session screen. */
  | 'session'
  /** The session password is missing or wrong. */
  | 'password'
  /** Too many requests: pause everything until Retry-After, then resume by itself. */
  | 'rate-limit'
  /** Network trouble or server error: retry with backoff, then offer "Tap to retry". */
  | 'transient';

export type FailureMessageKey =
  | 'error.uploadRejected'
  | 'error.wrongPassword'
  | 'error.forbidden'
  | 'error.sessionNotFound'
  | 'error.sessionCompleted'
  | 'error.sessionExpired'
  | 'error.fileTooLarge'
  | 'error.unsupportedType'
  | 'error.sessionFull'
  | 'error.tooManyUploads'
  | 'error.connection';

/** The facts of one failed answer, named the same from the status table to the screen. */
export interface FailureFacts {
  /** The HTTP status; null when no answer came (network error, offline) or no request was involved. */
  status: number | null;
  /** The server's own sentence and stable code (error-body.ts), when its body had any. */
  detail?: ErrorDetail;
  /** `x-request-id` of the failing answer, for "Copy details". */
  requestId?: string;
}

/** An error body's detail, or none when it said nothing (so "no detail" has one spelling). */
export const detailOrNone = (detail: ErrorDetail): ErrorDetail | undefined =>
  detail.message === undefined && detail.code === undefined ? undefined : detail;

export interface FailureRule {
  scope: FailureScope;
  key: FailureMessageKey;
  /** Whether the same request may succeed if sent again unchanged. */
  retryable: boolean;
}

/** `null` status means no HTTP answer at all (network error, aborted, CORS, offline). */
export function classifyFailure(status: number | null): FailureRule {
  switch (status) {
    case 400:
      return { scope: 'file', key: 'error.uploadRejected', retryable: false };
    case 401:
      return { scope: 'password', key: 'error.wrongPassword', retryable: false };
    case 403:
      return { scope: 'session', key: 'error.forbidden', retryable: false };
    case 404:
      return { scope: 'session', key: 'error.sessionNotFound', retryable: false };
    case 409:
      return { scope: 'session', key: 'error.sessionCompleted', retryable: false };
    case 410:
      return { scope: 'session', key: 'error.sessionExpired', retryable: false };
    case 413:
      return { scope: 'file', key: 'error.fileTooLarge', retryable: false };
    case 415:
      return { scope: 'file', key: 'error.unsupportedType', retryable: false };
    case 422:
      return { scope: 'session', key: 'error.sessionFull', retryable: false };
    case 429:
      return { scope: 'rate-limit', key: 'error.tooManyUploads', retryable: true };
    case null:
      return { scope: 'transient', key: 'error.connection', retryable: true };
    default:
      // 408 (timeout) and every 5xx are server/network trouble worth retrying; any other 4xx is a rejection.
      if (status === 408 || status >= 500) return { scope: 'transient', key: 'error.connection', retryable: true };
      return { scope: 'file', key: 'error.uploadRejected', retryable: false };
  }
}
