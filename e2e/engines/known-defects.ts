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

const EPHEMERAL_BLOB = 'defect 2: reload loses the queue in WebKit\'s ephemeral IndexedDB (Blob/File values refused)';
const WEBP_AS_PNG = 'defect 3: convertToBlob({type: "image/webp"}) writes PNG on WebKit, so a WebP-only session refuses JPEGs';

export const KNOWN_DEFECTS: KnownDefect[] = [
  { engine: 'webkit', scenario: 'WebP-only session', defect: WEBP_AS_PNG },
  { engine: 'webkit', scenario: 'reload mid-upload (ephemeral store)', defect: EPHEMERAL_BLOB },
];
