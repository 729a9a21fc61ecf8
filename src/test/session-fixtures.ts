import { QueryClient } from '@tanstack/react-query';
import { vi } from 'vitest';
import { shouldRetry } from '../lib/retry-policy';
import { createSessionCache } from '../session';

export const SESSION_ID = '0b6f3c1e-7d2a-4f5b-9c8d-1e2f3a4b5c6d';
export const HOUR_MS = 3_600_000;

/** The page session read as the server sends it (API.md), one field changed at a time. */
export function sessionJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: SESSION_ID,
    status: 'pending',
    expiresAt: new Date(Date.now() + HOUR_MS).toISOString(),
    tags: [],
    imagesPerSession: 10,
    effectiveMaxImages: 10,
    effectiveAllowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'],
    effectiveMaxImageDimension: null,
    password_protected: false,
    imagesCount: 0,
    effectiveMaxImageSizeBytes: 20 * 1024 * 1024,
    label: null,
    ...overrides,
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const errorEnvelope = (status: number, error: string, message: string, code: string, headers: Record<string, string> = {}) =>
  json(status, { statusCode: status, error, message, code }, headers);

type Handler = (request: { url: string; method: string; body: string | undefined }) => Response | Promise<Response>;

/** Replaces fetch for one test; answers come from `handler` in order of calls. `TypeError` = network failure. */
export function stubFetch(handler: Handler) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? init.body : undefined;
    return handler({ url, method: init?.method ?? 'GET', body });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The phone page's session cache, fresh per test, with the production retry decision and no waiting between retries. */
export const testSessionCache = () => createSessionCache({ retry: { delay: () => 0 } });

/** A fresh client per test (the desktop view's), with the production retry decision and no waiting between retries. */
export const testQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay: 0, gcTime: Infinity },
      mutations: { retry: shouldRetry, retryDelay: 0 },
    },
  });
