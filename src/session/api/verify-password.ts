import { useCallback, useState } from 'react';
import { fetchJson } from '../../lib/fetch-json';
import type { ParseResult } from '../../lib/parse-result';
import { isRequestFailure } from '../../lib/request-failure';
import { withRetry } from '../../lib/with-retry';

/** `{valid: boolean}`, and nothing else counts as an answer. */
const parseVerifyResponse = (value: unknown): ParseResult<{ valid: boolean }> =>
  typeof value === 'object' && value !== null && 'valid' in value && typeof value.valid === 'boolean'
    ? { success: true, output: { valid: value.valid } }
    : { success: false };

export const verifyPasswordUrl = (sessionId: string) => `/api/v1/upload/${encodeURIComponent(sessionId)}/verify-password`;

/** `POST .../verify-password {password}` → whether it is right. An answer the status table calls "password" (401) also means "wrong". */
export async function verifyPassword(sessionId: string, password: string): Promise<boolean> {
  try {
    const { data } = await fetchJson(
      verifyPasswordUrl(sessionId),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) },
      parseVerifyResponse,
    );
    return data.valid;
  } catch (error) {
    if (isRequestFailure(error) && error.rule.scope === 'password') return false;
    throw error;
  }
}

export interface VerifyCallbacks {
  onSuccess: (valid: boolean) => void;
  onError: (failure: unknown) => void;
}

/**
 * One check at a time, retried like a read (checking a password changes nothing on the server; retry-policy.ts).
 * A plain call rather than React Query's useMutation: a form's one request needs no cache, and React Query would
 * put ~10 KB gzip into this lazy chunk, which a protected session's phone downloads before it can type.
 */
export function useVerifyPassword(sessionId: string) {
  const [isPending, setPending] = useState(false);
  const mutate = useCallback(
    (password: string, { onSuccess, onError }: VerifyCallbacks) => {
      setPending(true);
      withRetry(() => verifyPassword(sessionId, password)).then(
        (valid) => {
          setPending(false);
          onSuccess(valid);
        },
        (failure: unknown) => {
          setPending(false);
          onError(failure);
        },
      );
    },
    [sessionId],
  );
  return { isPending, mutate };
}
