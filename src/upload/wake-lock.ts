/** The part of the Screen Wake Lock API used here (navigator.wakeLock), so tests pass a fake. */
export interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

export interface WakeLockSentinelLike {
  readonly released: boolean;
  release(): Promise<void>;
  addEventListener(type: 'release', listener: () => void): void;
}

export interface ScreenKeeper {
  /** Keep the screen on while `wanted` (uploads are running); let it sleep otherwise. */
  setWanted(wanted: boolean): void;
  /** The page became visible again: the browser dropped the lock when it was hidden; take it back. */
  pageVisible(): void;
  /** Lets go (unmount); a later setWanted(true) takes it again. */
  dispose(): void;
}

/**
 * Keeps the screen on while uploads run, where the browser supports it (a phone that dims and locks
 * suspends the page, and the uploads with it). The browser releases the lock whenever the page is
 * hidden; it is asked for again when the page is visible and uploads still run. Every failure (no
 * support, low battery, not allowed) just means the screen may sleep: uploads then resume on return.
 */
export function createScreenKeeper(wakeLock: WakeLockLike | undefined, isVisible: () => boolean): ScreenKeeper {
  let wanted = false;
  let sentinel: WakeLockSentinelLike | undefined;
  let requesting = false;

  function acquire(): void {
    if (wakeLock === undefined || !wanted || requesting || !isVisible()) return;
    if (sentinel !== undefined && !sentinel.released) return;
    requesting = true;
    wakeLock.request('screen').then(
      (lock) => {
        requesting = false;
        sentinel = lock;
        lock.addEventListener('release', () => {
          if (sentinel === lock) sentinel = undefined;
        });
        // Uploads ended (or the page went away) while the request was pending.
        if (!wanted) release();
      },
      () => {
        requesting = false;
      },
    );
  }

  function release(): void {
    const lock = sentinel;
    sentinel = undefined;
    if (lock !== undefined && !lock.released) lock.release().catch(() => undefined);
  }

  return {
    setWanted(next) {
      wanted = next;
      if (wanted) acquire();
      else release();
    },
    pageVisible: acquire,
    dispose() {
      wanted = false;
      release();
    },
  };
}

/** navigator.wakeLock where the browser has it (feature-detected, never assumed). */
export function browserWakeLock(): WakeLockLike | undefined {
  return typeof navigator !== 'undefined' && 'wakeLock' in navigator ? navigator.wakeLock : undefined;
}
