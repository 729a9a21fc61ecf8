import type { OnlineStatus } from './types';

/** Tests and browsers without the events: always online (an error then says so soon enough). */
export const alwaysOnline: OnlineStatus = {
  isOnline: () => true,
  subscribe: () => () => undefined,
};

/**
 * navigator.onLine and the window's online/offline events. "Offline" is reliable (no network at all);
 * "online" only means a network is there, so uploads still meet errors and back off as usual.
 */
export function browserOnlineStatus(target: Window = window): OnlineStatus {
  return {
    isOnline: () => target.navigator.onLine !== false,
    subscribe(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}
