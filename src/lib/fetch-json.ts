import type { ErrorDetail } from './error-body';
import type { Parse } from './parse-result';
import { RequestFailure } from './request-failure';
import { parseRetryAfter } from './retry-after';
import { parseJson } from './parse-json';

export interface JsonResponse<T> {
  data: T;
  headers: Headers;
}

/**
 * One page request: sends, reads the answer, and either parses the body with `parse` or throws a
 * `RequestFailure` carrying the status, the error body's detail and the request id.
 * No retries and no side effects here: the caller (with-retry.ts, or the desktop's TanStack Query) decides.
 */
export async function fetchJson<T>(url: string, init: RequestInit, parse: Parse<T>): Promise<JsonResponse<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers }, cache: 'no-store' });
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new RequestFailure({ status: null });
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    // The connection dropped while the body was arriving.
    throw new RequestFailure({ status: null, requestId });
  }
  if (!response.ok) {
    throw new RequestFailure({
      status: response.status,
      detail: await readErrorDetail(text, response.headers.get('content-type')),
      requestId,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    });
  }
  const parsed = parse(parseJson(text));
  if (!parsed.success) throw new RequestFailure({ status: response.status, requestId, malformed: true });
  return { data: parsed.output, headers: response.headers };
}

/**
 * Error bodies are only read when something failed, so their parser is fetched then (first-bundle
 * budget). If even that fetch fails, the status alone still decides the message.
 */
async function readErrorDetail(text: string, contentType: string | null): Promise<ErrorDetail> {
  try {
    const { parseErrorBody } = await import('./error-body');
    return parseErrorBody(text, contentType);
  } catch {
    return {};
  }
}
