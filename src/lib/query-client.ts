import { QueryClient } from '@tanstack/react-query';
import { retryDelay, shouldRetry } from './retry-policy';

/**
 * The desktop view's React Query client. The phone page does without React Query (its first bundle):
 * its one session read is session/api/session-cache.ts, retried by the same policy (retry-policy.ts).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay: (attempt, error) => retryDelay(attempt, error) },
      mutations: { retry: shouldRetry, retryDelay: (attempt, error) => retryDelay(attempt, error) },
    },
  });
}
