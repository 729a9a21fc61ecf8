import { describe, expect, it } from 'vitest';
import { browserOnlineStatus } from './online-status';

describe('browserOnlineStatus', () => {
  it('reads navigator.onLine and reports the window online/offline events until unsubscribed', () => {
    const status = browserOnlineStatus(window);
    expect(status.isOnline()).toBe(navigator.onLine);
    const seen: boolean[] = [];
    const stop = status.subscribe((online) => seen.push(online));
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([false, true]);
  });
});
