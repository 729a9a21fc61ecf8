import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'index.html', 'vite.config.ts', 'public', 'package.json'];

/** Newest modification time under a file or folder (0 when absent). */
function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(target)
    .reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/** Builds the page with Vite unless dist/ is newer than every source. Returns whether it built. */
export function buildPageIfNeeded(root: string, distDir: string): boolean {
  const builtAt = newestMtime(path.join(distDir, 'index.html'));
  const sourcesAt = Math.max(...SOURCES.map((entry) => newestMtime(path.join(root, entry))));
  if (builtAt > sourcesAt) return false;
  console.log('Building the upload page (first run or sources changed)…');
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the page failed (see the output above).');
  return true;
}
