import path from 'node:path';
import { INITIAL_BUDGET_GZIP_BYTES, measurePageWeight } from './page-weight';

const weight = measurePageWeight(path.resolve('dist'));
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
for (const asset of weight.initial) console.log(`  initial  ${kb(asset.gzipBytes).padStart(9)} gzip  ${asset.file}`);
for (const asset of weight.lazy) console.log(`  lazy     ${kb(asset.gzipBytes).padStart(9)} gzip  ${asset.file}`);
const ok = weight.initialGzipBytes <= INITIAL_BUDGET_GZIP_BYTES;
console.log(`size budget: initial JS+CSS ${kb(weight.initialGzipBytes)} gzip of ${kb(INITIAL_BUDGET_GZIP_BYTES)} allowed: ${ok ? 'ok' : 'OVER BUDGET'}`);
if (weight.initial.length === 0) {
  console.error('size budget: index.html references no JS or CSS; is dist/ built?');
  process.exit(1);
}
if (!ok) process.exit(1);
