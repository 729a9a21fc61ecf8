import fs from 'node:fs';
import path from 'node:path';
import { measurePageWeight } from '../scripts/page-weight';
import { TARGETS } from './bench-config';
import { fmtKb, fmtRatio, overBy } from './format';
import { BASELINE_DIR } from './baseline-pages';
import { buildPage } from './page-build';
import type { SectionResult } from './results';

/** Section 1: gzip bytes of the JS and CSS loaded before a file is picked, and of each lazy chunk. */
export async function weightSection(): Promise<SectionResult> {
  const started = performance.now();
  const dist = buildPage();
  const measured = measurePageWeight(dist);
  // The desktop view (desktop.html) is another page, not a lazy part of the phone's: labelled as such.
  const desktop = fs.existsSync(path.join(dist, 'desktop.html')) ? new Set(measurePageWeight(dist, 'desktop.html').initial.map((a) => a.file)) : new Set<string>();
  // The bench's own reference pages are not the product's.
  const weight = { ...measured, lazy: measured.lazy.filter((a) => !a.file.startsWith(`${BASELINE_DIR}/`)) };
  if (weight.initial.length === 0) throw new Error('index.html references no JS or CSS');
  // npm test's size budget (scripts/page-weight.ts).
  const budget = TARGETS.initialGzipBytes;
  const total = weight.initialGzipBytes;
  const rows = [
    ...weight.initial.map((a) => ['initial', a.file, fmtKb(a.bytes), fmtKb(a.gzipBytes), fmtRatio(a.gzipBytes / budget)]),
    ['initial', 'total before a file is picked', fmtKb(weight.initial.reduce((s, a) => s + a.bytes, 0)), fmtKb(total), fmtRatio(total / budget)],
    ...weight.lazy.map((a) => [desktop.has(a.file) ? 'desktop page' : 'lazy', a.file, fmtKb(a.bytes), fmtKb(a.gzipBytes), '—']),
  ];
  const met = total <= budget;
  return {
    id: 'weight',
    title: 'Page weight',
    status: 'ok',
    tables: [{ caption: `Built page (vite build), gzip -9; ratio = share of the ${fmtKb(budget)} initial budget`, columns: ['when', 'file', 'raw', 'gzip', 'of budget'], rows }],
    // `data` keeps the phone page's split as scripts/page-weight.ts reports it.
    targets: [
      {
        name: 'Initial JS+CSS (gzip)',
        target: `≤ ${fmtKb(budget)}`,
        measured: fmtKb(total),
        met,
        ...(met ? {} : { note: `${overBy(total, budget)}, ${fmtKb(total - budget)} over` }),
      },
    ],
    notes: [],
    data: weight,
    durationMs: performance.now() - started,
  };
}
