import { createContext, useCallback, useContext, useEffect, useSyncExternalStore } from 'react';
import type { SessionCache, SessionReadState } from './session-cache';

/** The page's session cache (app/app.tsx provides the one src/main.tsx or src/entry-server.tsx made and seeded). */
export const SessionCacheContext = createContext<SessionCache | null>(null);

/** The session read, started on mount unless the server-rendered data (or an earlier read) already has it. */
export function useSession(sessionId: string): SessionReadState & { retry: () => void } {
  const cache = useContext(SessionCacheContext);
  if (cache === null) throw new Error('useSession needs a SessionCacheContext');
  const subscribe = useCallback((listener: () => void) => cache.subscribe(sessionId, listener), [cache, sessionId]);
  const snapshot = () => cache.state(sessionId);
  const state = useSyncExternalStore(subscribe, snapshot, snapshot);
  useEffect(() => cache.read(sessionId), [cache, sessionId]);
  return { ...state, retry: () => cache.retry(sessionId) };
}
