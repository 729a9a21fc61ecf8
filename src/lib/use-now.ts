import { useEffect, useState } from 'react';
import { useFirstRenderNow } from './render-time';

/** The current time, redrawn every `tickMs` while `enabled` (for countdowns; never for deciding anything exact). */
export function useNow(tickMs: number, enabled = true): number {
  const firstRenderNow = useFirstRenderNow();
  const [now, setNow] = useState(firstRenderNow);
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs, enabled]);
  return now;
}
