import type * as v from 'valibot';
import { fetchJson } from '../../lib/fetch-json';
import { schemaParse } from '../../lib/parse-result';
import { RequestFailure } from '../../lib/request-failure';

/** Integrator routes take the API key as a Bearer token (never in the URL). */
const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

export async function fetchIntegratorJson<TSchema extends v.GenericSchema>(
  url: string,
  apiKey: string,
  schema: TSchema,
  init: RequestInit = {},
): Promise<v.InferOutput<TSchema>> {
  const { data } = await fetchJson(url, { ...init, headers: { ...bearer(apiKey), ...init.headers } }, schemaParse(schema));
  return data;
}

/** A binary answer (QR image, photo) as a Blob; failures are RequestFailures like the JSON ones. */
export async function fetchIntegratorBlob(url: string, apiKey: string, signal?: AbortSignal): Promise<Blob> {
  return (await fetchIntegratorOk(url, apiKey, signal)).blob();
}

/** The successful answer itself, for callers that need its headers too (a photo's saved name). */
export async function fetchIntegratorOk(url: string, apiKey: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: bearer(apiKey), cache: 'no-store', signal });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new RequestFailure({ status: null });
  }
  if (!response.ok) throw new RequestFailure({ status: response.status });
  return response;
}
