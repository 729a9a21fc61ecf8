import { type RetryOptions, withRetry } from '../../lib/with-retry';
import { getSession, type PageSession } from './get-session';

/** Where a session read stands: what session-page.tsx draws from (loading, "retrying…", the session, a problem). */
export interface SessionReadState {
  data: PageSession | undefined;
  /** The last attempt's failure once the read has failed for good (every retry the policy allows was made). */
  error: unknown;
  /** When `error` came (the time a problem screen shows and copies). */
  errorUpdatedAt: number;
  /** Failed attempts of the read under way: > 0 says "Connection problem, retrying…". */
  failureCount: number;
  /** A read is under way (the first one, or "Tap to retry"'s). */
  fetching: boolean;
}

export interface SessionCache {
  /** The session the server rendered the page with (its data block): no read of it at all. */
  seed: (session: PageSession) => void;
  /** The same object until something changes (what useSyncExternalStore needs). */
  state: (sessionId: string) => SessionReadState;
  subscribe: (sessionId: string, listener: () => void) => () => void;
  /** Reads the session unless it is known, being read, or failed (then only `retry` reads it again). */
  read: (sessionId: string) => void;
  /** "Tap to retry" after the read failed for good. */
  retry: (sessionId: string) => void;
}

export interface SessionCacheOptions {
  fetchSession?: (sessionId: string) => Promise<PageSession>;
  /** The retry schedule (with-retry.ts's defaults; tests: no delay). */
  retry?: Omit<RetryOptions, 'onFailure'>;
}

const IDLE: SessionReadState = { data: undefined, error: undefined, errorUpdatedAt: 0, failureCount: 0, fetching: false };

/**
 * The phone page's one read, kept for the page's life: read once (later changes surface through the uploads
 * themselves, 409, 410 and 422 stopping the queue, and through the local expiry countdown, so the count of photos
 * stays one consistent number), retried as retry-policy.ts says. It does the little the page asked of React Query
 * (which stays in the desktop view), whose ~10 KB gzip were a tenth of the first bundle. One cache per page (and
 * per server render, and per test).
 */
export function createSessionCache({ fetchSession = getSession, retry = {} }: SessionCacheOptions = {}): SessionCache {
  const states = new Map<string, SessionReadState>();
  const listeners = new Map<string, Set<() => void>>();
  const state = (sessionId: string) => states.get(sessionId) ?? IDLE;
  const update = (sessionId: string, change: Partial<SessionReadState>) => {
    states.set(sessionId, { ...state(sessionId), ...change });
    for (const listener of listeners.get(sessionId) ?? []) listener();
  };
  const start = (sessionId: string) => {
    update(sessionId, { fetching: true, failureCount: 0 });
    const onFailure = (failureCount: number) => update(sessionId, { failureCount });
    withRetry(() => fetchSession(sessionId), { ...retry, onFailure }).then(
      (data) => update(sessionId, { data, error: undefined, fetching: false, failureCount: 0 }),
      (error: unknown) => update(sessionId, { error, errorUpdatedAt: Date.now(), fetching: false, failureCount: state(sessionId).failureCount + 1 }),
    );
  };
  return {
    seed: (session) => update(session.id, { data: session }),
    state,
    subscribe: (sessionId, listener) => {
      const set = listeners.get(sessionId) ?? new Set();
      listeners.set(sessionId, set.add(listener));
      return () => set.delete(listener);
    },
    read: (sessionId) => {
      const { data, error, fetching } = state(sessionId);
      if (data === undefined && error === undefined && !fetching) start(sessionId);
    },
    retry: (sessionId) => {
      if (!state(sessionId).fetching) start(sessionId);
    },
  };
}
