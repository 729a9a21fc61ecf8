import { BOOT_STATUS_ID, type BootWindow, type EarlyPick } from './boot-contract';

/** The server-rendered buttons' inputs ("Take photo", "Choose photos"), which React hydrates later. */
const PAINTED_INPUTS = '#root input[type=file]';

/**
 * The server-rendered "Take photo" / "Choose photos" inputs are live from the first paint, before React hydrates
 * them (which on a slow phone is a second or more later). Until the page takes the hand-over, this keeps every
 * pick made on them, says on screen how many photos it kept (the status line's plural forms come from the catalog
 * in the HTML: boot-status.tsx), and stops the `change` there so React, if it is already listening, never sees
 * the same pick twice. A pick made before this script ran (it arrives a round trip after the first paint, which
 * nothing waits for) fired its `change` at nobody, but the input still holds the files: taken on install, so the
 * inputs are live from the very first paint, not from this script's arrival. Installed once; not at all if the
 * page already took over (then React has the inputs).
 * Small on purpose: it is part of the first screen's weight (scripts/size-budget.ts).
 */
export function startBoot(win: BootWindow): void {
  if (win.qrdropBoot !== undefined) return;
  const doc = win.document;
  const picks: EarlyPick[] = [];
  let count = 0;

  const keep = (input: HTMLInputElement): void => {
    const files = [...(input.files ?? [])];
    // Cleared, as the page's own button does, so that picking the same photo again is a change too.
    input.value = '';
    if (files.length === 0) return;
    picks.push({ files, source: input.hasAttribute('capture') ? 'camera' : 'gallery' });
    say((count += files.length));
  };

  const onChange = (event: Event): void => {
    // `change` fires on form controls only: the target is an element.
    const input = event.target as HTMLInputElement;
    if (!input.matches(PAINTED_INPUTS)) return;
    event.stopPropagation();
    keep(input);
  };

  /** "{count} photos received…" in the page's language; 0 empties the line (which then shows nothing: boot-status.css). */
  const say = (n: number): void => {
    const line = doc.getElementById(BOOT_STATUS_ID);
    if (line === null) return;
    const lang = doc.documentElement.lang;
    const template = n === 0 ? '' : (line.dataset[new Intl.PluralRules(lang).select(n)] ?? line.dataset.other ?? '');
    line.textContent = template.replace('{count}', new Intl.NumberFormat(lang).format(n));
  };

  // Capturing on the document: ahead of React's own listeners, which sit on #root.
  doc.addEventListener('change', onChange, true);
  for (const input of doc.querySelectorAll<HTMLInputElement>(PAINTED_INPUTS)) keep(input);
  win.qrdropBoot = {
    take() {
      doc.removeEventListener('change', onChange, true);
      // The page's own status line speaks for these photos from now on.
      say(0);
      return picks.splice(0);
    },
  };
}
