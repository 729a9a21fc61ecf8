import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The bench builds the page itself, from the current source, into its own folder: it measures what the code
 * is now, and never empties the shared dist/ under someone else's browser tests. (Vite builds it in ~1 s.)
 */
export const BENCH_DIST = path.resolve('bench/.work/dist');

let built: string | undefined;

export function buildPage(): string {
  if (built !== undefined) return built;
  const run = spawnSync('npx', ['vite', 'build', '--outDir', BENCH_DIST, '--emptyOutDir', '--logLevel', 'warn'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0 || !fs.existsSync(path.join(BENCH_DIST, 'index.html'))) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-8).join(' | ');
    throw new Error(`vite build failed: ${output}`);
  }
  built = BENCH_DIST;
  return built;
}
