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

// Empty: defects 1-3 and the WebKit fallback-path failure are fixed. Add an entry only with a filed defect.
export const KNOWN_DEFECTS: KnownDefect[] = [];
