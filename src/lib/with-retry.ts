import { retryDelay, shouldRetry } from './retry-policy';

export interface RetryOptions {
  /** Told after each failed attempt that will be tried again, with the count of failures so far (1, 2, 3). */
  onFailure?: (failureCount: number, error: unknown) => void;
  /** How long to wait before the retry that follows failure number `failureCount` + 1 (tests: 0). */
  delay?: (failureCount: number, error: unknown) => number;
  /** Resolves when a retry may go: the phone is online and the page is visible (waitUntilRunnable). */
  runnable?: () => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds or retry-policy.ts says trying again cannot help, then throws its last failure.
 * The schedule is React Query's (which the page used before, and the desktop view still uses): after a failure,
 * wait `retryDelay`, then wait while offline or hidden (a phone in a pocket does not spend its retries), then retry.
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { onFailure, delay = retryDelay, runnable = waitUntilRunnable } = options;
  for (let failureCount = 0; ; failureCount += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!shouldRetry(failureCount, error)) throw error;
      onFailure?.(failureCount + 1, error);
      await sleep(delay(failureCount, error));
      await runnable();
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Online (as far as the browser knows) and visible; otherwise waits for the event that changes that. */
export function waitUntilRunnable(): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      if (offline || hidden) return false;
      window.removeEventListener('online', check);
      document.removeEventListener('visibilitychange', check);
      resolve();
      return true;
    };
    if (check()) return;
    window.addEventListener('online', check);
    document.addEventListener('visibilitychange', check);
  });
}
