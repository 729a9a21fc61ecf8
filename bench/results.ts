import fs from 'node:fs';
import path from 'node:path';
import type { BenchMode } from './bench-config';
import type { Machine } from './machine';

export type SectionId = 'server' | 'cluster' | 'weight' | 'load' | 'compression' | 'upload' | 'peers';

/** A printed table: cells already formatted, every number next to its ratio. */
export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
}

/** One target of issue 6 against what was measured; `met: null` when the figure could not be measured. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
  /** By how much it misses, and why, when it does. */
  note?: string;
}

export interface SectionResult {
  id: SectionId;
  title: string;
  /** `not run`: a precondition is missing (say which in `reason`); `failed`: it started and broke. */
  status: 'ok' | 'not run' | 'failed';
  reason?: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  /** The raw figures behind the tables, for anyone who wants to compute something else. */
  data: unknown;
  durationMs: number;
}

export interface BenchResults {
  generatedAt: string;
  mode: BenchMode;
  machine: Machine;
  durationMs: number;
  sections: SectionResult[];
}

export const RESULTS_FILE = path.resolve('bench/results.json');

export function writeResults(results: BenchResults, file = RESULTS_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** A section that could not run, with the reason in the table itself. */
export function notRun(id: SectionId, title: string, reason: string, durationMs = 0): SectionResult {
  return { id, title, status: 'not run', reason, tables: [], targets: [], notes: [], data: null, durationMs };
}

export function failed(id: SectionId, title: string, error: unknown, durationMs: number): SectionResult {
  const reason = error instanceof Error ? error.message : String(error);
  return { id, title, status: 'failed', reason, tables: [], targets: [], notes: [], data: null, durationMs };
}
