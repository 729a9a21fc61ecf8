export type ColorScheme = 'light' | 'dark';

/** API.md: `?colorScheme=light|dark`; otherwise (null) the page follows `prefers-color-scheme`. */
export function pickColorScheme(search: string): ColorScheme | null {
  const requested = new URLSearchParams(search).get('colorScheme')?.toLowerCase();
  return requested === 'light' || requested === 'dark' ? requested : null;
}

/** The stylesheet keys its colours on `data-color-scheme` when one is forced (src/ui/theme.css). */
export function applyColorScheme(root: HTMLElement, scheme: ColorScheme | null): void {
  if (scheme === null) delete root.dataset.colorScheme;
  else root.dataset.colorScheme = scheme;
}
