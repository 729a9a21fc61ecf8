/**
 * What the boot script (boot-script.ts) and the page (early-picks.ts) agree on. The page imports only types from
 * here: the two are separate bundles, and a value both imported would become a third file for the phone to fetch.
 */

/** One `change` of a painted file input: what it held, and which button it was. */
export interface EarlyPick {
  readonly files: readonly File[];
  readonly source: 'camera' | 'gallery';
}

/** What the boot script leaves on `window` for the page. */
export interface BootHandOver {
  /** Every pick kept so far, once: from then on the boot script keeps nothing and leaves the inputs to React. */
  take(): EarlyPick[];
}

/** `window` as both sides see it: the hand-over, or null once the page took it (a late boot script then stays out). */
export interface BootWindow extends Window {
  qrdropBoot?: BootHandOver | null;
}

/** The server-rendered line, outside #root, where the boot script says what it kept (boot-status.tsx). */
export const BOOT_STATUS_ID = 'qrdrop-boot-status';
