import type { BootWindow, EarlyPick } from './boot-contract';

export type { EarlyPick };

/**
 * The photos picked on the painted page before React took it over (boot-script.ts), once: a second call, or a
 * boot script that arrives after this call, has nothing. The upload queue's owner calls it when it mounts.
 */
export function takeEarlyPicks(win: BootWindow = window): EarlyPick[] {
  const boot = win.qrdropBoot;
  win.qrdropBoot = null;
  return boot ? boot.take() : [];
}
