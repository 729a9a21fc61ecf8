import { useEffect, useState } from 'react';
import { useFirstRenderNow } from './render-time';

/** setTimeout's delay is a signed 32-bit number of ms (~24.8 days); longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether `deadline` (epoch ms, this device's clock) has passed. One exact timer, not a polling
 * tick, so the screen changes the moment it passes even when nothing else redraws the page.
 */
export function useDeadlinePassed(deadline: number): boolean {
  const firstRenderNow = useFirstRenderNow();
  const [passed, setPassed] = useState(() => firstRenderNow() >= deadline);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const left = deadline - Date.now();
      setPassed(left <= 0);
      if (left > 0) timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
    };
    check();
    return () => clearTimeout(timer);
  }, [deadline]);
  return passed;
}
