import { useMutation } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchJson } from '../../lib/fetch-json';
import { isRequestFailure } from '../../lib/request-failure';

const verifyResponseSchema = v.object({ valid: v.boolean() });

export const verifyPasswordUrl = (sessionId: string) => `/api/v1/upload/${encodeURIComponent(sessionId)}/verify-password`;

/** `POST .../verify-password {password}` → whether it is right. An answer the status table calls "password" (401) also means "wrong". */
export async function verifyPassword(sessionId: string, password: string): Promise<boolean> {
  try {
    const { data } = await fetchJson(
      verifyPasswordUrl(sessionId),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) },
      verifyResponseSchema,
    );
    return data.valid;
  } catch (error) {
    if (isRequestFailure(error) && error.rule.scope === 'password') return false;
    throw error;
  }
}

export const useVerifyPassword = (sessionId: string) =>
  useMutation({ mutationFn: (password: string) => verifyPassword(sessionId, password) });
