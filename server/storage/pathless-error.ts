/**
 * File-system errors name the paths they failed on, and a photo's path contains its session id (the upload
 * capability, which must never reach a log). Failures on those paths are rethrown as this: what failed and the
 * error code, nothing else (the code also as `code`, so that callers can still tell ENOENT from disk trouble).
 * They stay 500s; the error handler logs them.
 */
export function pathlessError(error: unknown, what: string): Error & { code: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
  return Object.assign(new Error(`${what} failed (${code})`), { code });
}
