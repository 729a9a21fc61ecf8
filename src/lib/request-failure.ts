import type { ErrorDetail } from './error-body';
import { classifyFailure, type FailureFacts, type FailureRule } from './http-failure';

export interface RequestFailureInit {
  /** The HTTP status, or null when no answer came (network error, offline). */
  status: number | null;
  detail?: ErrorDetail;
  /** `x-request-id` of the answer, for "Copy details". */
  requestId?: string;
  /** From `Retry-After` on a 429 or 503. */
  retryAfterMs?: number;
  /**
   * A 2xx whose body is not what the API promises, e.g. a captive portal's login page on hotel
   * Wi-Fi. Nothing about the session is known: treat it like a connection problem.
   */
  malformed?: boolean;
}

/**
 * A page request that did not give the expected answer. Its `rule` comes from the closed table (http-failure.ts);
 * its facts carry the names every failure on the page uses (FailureFacts).
 */
export class RequestFailure extends Error implements FailureFacts {
  override name = 'RequestFailure';
  readonly status: number | null;
  readonly detail: ErrorDetail;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly rule: FailureRule;

  constructor(init: RequestFailureInit) {
    super(init.detail?.message ?? (init.status === null ? 'No answer from the server' : `HTTP ${init.status}`));
    this.status = init.status;
    this.detail = init.detail ?? {};
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.rule = classifyFailure(init.malformed === true ? null : init.status);
  }
}

export const isRequestFailure = (error: unknown): error is RequestFailure => error instanceof RequestFailure;
