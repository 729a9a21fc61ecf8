import type { EngineName } from './driver';

/**
 * Scenarios that fail today only because of a known defect in the page (issue 10), being fixed in src/.
 * The run reports them as "expected failure" (not counted as passed); one that passes is reported as
 * "fixed: remove from KNOWN_DEFECTS" and fails the run, so the list cannot go stale. Remove an entry when its fix lands.
 */
export interface KnownDefect {
  engine: EngineName;
  scenario: string;
  defect: string;
}


export const KNOWN_DEFECTS: KnownDefect[] = [
  // Not one of the three: found by this harness, for the lead to file. Without convertToBlob, WebKitGTK never
  // finishes the 12 MP photo through browser-image-compression (still "Send your photos" after 120 s, no error).
  { engine: 'webkit', scenario: 'fallback path: no OffscreenCanvas.convertToBlob (browser-image-compression)', defect: 'NEW: the browser-image-compression path never finishes a 12 MP photo in WebKitGTK (no error thrown)' },
];
