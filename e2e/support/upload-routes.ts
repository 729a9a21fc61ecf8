import type { Page, Route } from '@playwright/test';

/**
 * Stands in for a proxy or gateway in front of qrdrop, for the answers the real server cannot be made to
 * give (403, 5xx) or not at a chosen moment (429). Only the page's upload requests are touched; each
 * answer decides from the attempt's number (1, 2, ...) whether to answer itself or let the request through.
 */
export type UploadAnswer = { status: number; headers?: Record<string, string>; contentType?: string; body: string } | 'pass';

export async function answerUploads(
  page: Page,
  answer: (attempt: number) => UploadAnswer,
): Promise<{ attempts: () => number; idempotencyKeys: () => string[] }> {
  let attempts = 0;
  const keys: string[] = [];
  await page.route(/\/api\/v1\/upload\/[^/]+\/images$/, async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    // Numbered before any await: two uploads run at once, and each must get its own number.
    const attempt = ++attempts;
    const reply = answer(attempt);
    keys.push((await route.request().headerValue('idempotency-key')) ?? '');
    if (reply === 'pass') return route.continue();
    return route.fulfill({ status: reply.status, headers: reply.headers, contentType: reply.contentType ?? 'application/json', body: reply.body });
  });
  return { attempts: () => attempts, idempotencyKeys: () => [...keys] };
}

/** The qrdrop error envelope (API.md). */
export const envelope = (statusCode: number, error: string, message: string): string => JSON.stringify({ statusCode, error, message });
