/**
 * The long run of the byte-parser fuzz harness (issue 11): `npm run fuzz -- --minutes 10 [--seed N]`.
 * Hostile shapes go up to 19 MB (the sizes). Prints, per parser, inputs tried, worst time, worst time per
 * MB and worst heap growth; exits 1 with fast-check's counterexample when a parser throws, hangs or breaks a bound.
 */
import { parseArgs } from 'node:util';
import { formatStats, runFuzz } from '../server/fuzz/run-fuzz';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, seed: { type: 'string' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
console.log(`fuzzing the byte parsers for ${minutes} min, seed ${seed}`);
const started = Date.now();
const stats = await runFuzz({ timeLimitMs: minutes * 60_000, maxShapeBytes: 19 * 1024 * 1024, seed });
console.log(formatStats(stats));
console.log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min, peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
