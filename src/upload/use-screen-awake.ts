import { useEffect, useState } from 'react';
import { browserWakeLock, createScreenKeeper } from './wake-lock';

const isVisible = () => typeof document === 'undefined' || document.visibilityState === 'visible';

/**
 * Keeps the screen on while `sending` (Screen Wake Lock, where supported), and when the page becomes
 * visible again, takes the lock back and calls `onVisible`: what waited or gave up while the phone
 * slept is tried again at once, instead of after a backoff that started before the sleep.
 */
export function useScreenAwake(sending: boolean, onVisible: () => void): void {
  const [keeper] = useState(() => createScreenKeeper(browserWakeLock(), isVisible));
  useEffect(() => () => keeper.dispose(), [keeper]);
  useEffect(() => keeper.setWanted(sending), [keeper, sending]);
  useEffect(() => {
    const onChange = () => {
      if (!isVisible()) return;
      keeper.pageVisible();
      onVisible();
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, [keeper, onVisible]);
}
