import type { FailureFacts, FailureMessageKey } from '../lib/http-failure';
import type { RequestFailure } from '../lib/request-failure';
import type { SessionFailure } from '../upload/types';

/** Every reason the page cannot take photos for this session; each has its own screen (problem-screens.ts). */
export type ProblemKind = 'invalid' | 'not-found' | 'expired' | 'completed' | 'full' | 'forbidden' | 'connection';

/** What went wrong, with what a support person needs ("Copy details"): the failure's facts, by their usual names. */
export interface SessionProblem extends FailureFacts {
  kind: ProblemKind;
  /** Epoch ms when it was noticed; when unknown, the report says when it was copied. */
  at?: number;
}

const KIND_OF_MESSAGE: Partial<Record<FailureMessageKey, ProblemKind>> = {
  'error.sessionNotFound': 'not-found',
  'error.sessionExpired': 'expired',
  'error.sessionCompleted': 'completed',
  'error.sessionFull': 'full',
  'error.forbidden': 'forbidden',
  'error.connection': 'connection',
  'error.tooManyUploads': 'connection',
};

/**
 * The status decides (via the closed table in http-failure.ts). A 4xx the table sends to files
 * ("Upload rejected") cannot concern a file on a session read, so the link itself cannot be used.
 */
export const problemKindOf = (key: FailureMessageKey): ProblemKind => KIND_OF_MESSAGE[key] ?? 'forbidden';

export function problemFromRequest(failure: RequestFailure, at: number): SessionProblem {
  return {
    kind: problemKindOf(failure.rule.key),
    status: failure.status,
    detail: failure.detail,
    requestId: failure.requestId,
    at,
  };
}

export function problemFromUpload(failure: SessionFailure, at?: number): SessionProblem {
  return {
    kind: problemKindOf(failure.key),
    status: failure.status,
    detail: failure.detail,
    requestId: failure.requestId,
    at,
  };
}
