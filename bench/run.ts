import { parseArgs } from 'node:util';
import { type BenchMode, PLANS } from './bench-config';
import { updateBenchmarksMd } from './benchmarks-md';
import { CLUSTER_TITLE, clusterSection } from './cluster-section';
import { compressionSection } from './compression-section';
import { loadSection } from './load-section';
import { describeMachine } from './machine';
import { peerSection } from './peer-section';
import { printResults } from './print-table';
import { progress } from './progress';
import { type BenchResults, failed, RESULTS_FILE, type SectionId, type SectionResult, writeResults } from './results';
import { serverSection } from './server-section';
import { uploadSection } from './upload-section';
import { weightSection } from './weight-section';

/**
 * `npm run bench [-- --quick] [-- --only server,weight] [-- --no-write]`
 * Runs every figure of issues 6, 16 and 13 (cluster) side by side with its baseline, prints the table, writes bench/results.json and
 * regenerates the generated part of BENCHMARKS.md. `--only` runs a subset and writes nothing (a partial run must
 * not replace the last complete table).
 */
const SECTIONS: { id: SectionId; title: string; run: (mode: BenchMode) => Promise<SectionResult> }[] = [
  { id: 'weight', title: 'Page weight', run: () => weightSection() },
  { id: 'load', title: 'Page load (Lighthouse mobile profile)', run: (mode) => loadSection(PLANS[mode].browser) },
  { id: 'compression', title: 'Compression: qrdrop pipeline vs native one-shot', run: (mode) => compressionSection(PLANS[mode].browser) },
  { id: 'upload', title: 'Upload end to end', run: (mode) => uploadSection(PLANS[mode].browser) },
  { id: 'peers', title: 'Peers: qrdrop vs Uppy and FilePond', run: (mode) => peerSection(PLANS[mode].browser) },
  { id: 'server', title: 'Server: ingest and session reads', run: (mode) => serverSection(PLANS[mode].server) },
  { id: 'cluster', title: CLUSTER_TITLE, run: (mode) => clusterSection(PLANS[mode].cluster) },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, 'no-write': { type: 'boolean', default: false } },
  });
  const mode: BenchMode = values.quick ? 'quick' : 'full';
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((id) => !SECTIONS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  const started = performance.now();
  const machine = describeMachine();
  const sections: SectionResult[] = [];
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.id)) continue;
    const sectionStart = performance.now();
    progress(`── ${section.title} ──`);
    try {
      sections.push(await section.run(mode));
    } catch (error) {
      progress(`${section.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sections.push(failed(section.id, section.title, error, performance.now() - sectionStart));
    }
  }
  const results: BenchResults = { generatedAt: new Date().toISOString(), mode, machine, durationMs: performance.now() - started, sections };
  printResults(results);
  if (only === undefined && !values['no-write']) {
    writeResults(results);
    updateBenchmarksMd(results);
    progress(`wrote ${RESULTS_FILE} and BENCHMARKS.md`);
  }
  // Browsers and child servers are closed by their sections; exit even if a stray handle remains.
  process.exit(sections.every((s) => s.status === 'ok') ? 0 : 1);
}

void main();
