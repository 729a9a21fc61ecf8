import type { OnlineStatus } from '../upload/types';

/** An online status the test switches by hand, as the browser's online/offline events would. */
export function createScriptedOnline(initially = true) {
  let online = initially;
  const listeners = new Set<(online: boolean) => void>();
  const status: OnlineStatus = {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (next: boolean) => {
    online = next;
    for (const listener of [...listeners]) listener(next);
  };
  return {
    status,
    goOffline: () => set(false),
    goOnline: () => set(true),
    /** navigator.onLine changes, but the event has not been dispatched yet. */
    goOfflineQuietly: () => {
      online = false;
    },
    listenerCount: () => listeners.size,
  };
}
