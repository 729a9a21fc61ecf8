import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * When the page was rendered on the server, on this device's clock (src/app/page-data.ts). Hooks that read the clock
 * (time left, expiry) start from it while the server's markup is hydrated, so that first render is exactly the
 * server's; their own timers then move on to the real time. Whatever mounts after hydration starts from the clock.
 */
export const RenderTimeContext = createContext<number | null>(null);

const subscribeToNothing = () => () => undefined;

/** For state initialisers: the server's render time on the server and while hydrating, else now. */
export function useFirstRenderNow(): () => number {
  const renderTime = useContext(RenderTimeContext);
  // React reads the third function on the server and while hydrating, the second one otherwise.
  const hydrating = useSyncExternalStore(
    subscribeToNothing,
    () => false,
    () => true,
  );
  return () => (hydrating && renderTime !== null ? renderTime : Date.now());
}
