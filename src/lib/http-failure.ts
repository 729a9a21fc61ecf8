/**
 * The closed table of what an HTTP failure means on the page: which message the person sees,
 * whether it concerns one file or the whole session, and whether trying again can help.
 * The status decides; the body (see error-body.ts) only adds detail.
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

export interface FailureRule {
  scope: FailureScope;
  messageKey: FailureMessageKey;
  /** Whether the same request may succeed if sent again unchanged. */
  retryable: boolean;
}

/** `null` status means no HTTP answer at all (network error, aborted, CORS, offline). */
export function classifyFailure(status: number | null): FailureRule {
  switch (status) {
    case 400:
      return { scope: 'file', messageKey: 'error.uploadRejected', retryable: false };
    case 401:
      return { scope: 'password', messageKey: 'error.wrongPassword', retryable: false };
    case 403:
      return { scope: 'session', messageKey: 'error.forbidden', retryable: false };
    case 404:
      return { scope: 'session', messageKey: 'error.sessionNotFound', retryable: false };
    case 409:
      return { scope: 'session', messageKey: 'error.sessionCompleted', retryable: false };
    case 410:
      return { scope: 'session', messageKey: 'error.sessionExpired', retryable: false };
    case 413:
      return { scope: 'file', messageKey: 'error.fileTooLarge', retryable: false };
    case 415:
      return { scope: 'file', messageKey: 'error.unsupportedType', retryable: false };
    case 422:
      return { scope: 'session', messageKey: 'error.sessionFull', retryable: false };
    case 429:
      return { scope: 'rate-limit', messageKey: 'error.tooManyUploads', retryable: true };
    case null:
      return { scope: 'transient', messageKey: 'error.connection', retryable: true };
    default:
      // 408 (timeout) and every 5xx are server/network trouble worth retrying; any other 4xx is a rejection.
      if (status === 408 || status >= 500) return { scope: 'transient', messageKey: 'error.connection', retryable: true };
      return { scope: 'file', messageKey: 'error.uploadRejected', retryable: false };
  }
}
