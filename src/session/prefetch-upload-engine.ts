import { useEffect } from 'react';
import { loadPreparation } from '../upload';
import { loadAfterPick } from './load-after-pick';

/**
 * Once the ready screen is drawn, fetches what the first pick needs: the upload engine (after-pick.ts)
 * and the preparation code, side by side. Fetched at the pick instead, they cost two round trips one after
 * the other (the engine, then what it imports) before the first photo starts. Only the code comes: nothing
 * is decoded or warmed up. Skipped offline: a module that failed to load may stay failed for the page's
 * life, and the pick must still be able to fetch it. (import() fetches a module once: drawing the screen
 * again costs nothing.) A plain timeout rather than requestIdleCallback, which Safari lacks.
 */
export function usePrefetchUploadEngine(): void {
  useEffect(() => {
    const handle = setTimeout(() => {
      if (!navigator.onLine) return;
      loadAfterPick().catch(() => undefined);
      loadPreparation().catch(() => undefined);
    }, 100);
    return () => clearTimeout(handle);
  }, []);
}
