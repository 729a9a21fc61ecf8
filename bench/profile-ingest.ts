import fs from 'node:fs';
import path from 'node:path';
import { phonePhoto } from './fixtures';
import { runLoad } from './load-generator';
import { uploadBody } from './multipart';
import { startQrdrop } from './qrdrop-server';
import { percentile } from './stats';

/**
 * `npx tsx bench/profile-ingest.ts [out-dir] [uploads] [concurrency]`: a CPU profile of the server while it
 * ingests the bench's 5 MB photo (100 uploads, 10 at a time by default). The server loads cpu-profile-preload.mjs,
 * so a .cpuprofile appears in out-dir when it stops; open it in Chrome DevTools or summarise it with
 * bench/profile-summary.ts. Not part of `npm run bench`: a profiled server is slower than a real one.
 */
/** Uploads before the profiler starts (JIT, file cache, sockets), as the bench's warm-up. */
const WARMUP_UPLOADS = 10;

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? '.tmp/profiles');
  const uploads = Number(process.argv[3] ?? 100);
  const concurrency = Number(process.argv[4] ?? 10);
  fs.mkdirSync(outDir, { recursive: true });
  // The server is a child process and inherits the environment: only it is profiled, not this script.
  const before = { ...process.env };
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${path.resolve('bench/cpu-profile-preload.mjs')}`.trim();
  process.env.QRDROP_CPU_PROFILE_DIR = outDir;
  const server = await startQrdrop({ seedSessions: 100 });
  process.env = before;
  try {
    const photo = fs.readFileSync(phonePhoto(1).path);
    const { body, contentType } = uploadBody(photo);
    const sessions: string[] = [];
    for (let i = 0; i < concurrency; i++) sessions.push(await server.createSession({ max_images: WARMUP_UPLOADS + uploads }));
    const load = (total: number) =>
      runLoad({
        port: server.port,
        concurrency,
        total,
        request: (i) => ({ method: 'POST', path: `/api/v1/upload/${sessions[i % concurrency] ?? ''}/images`, headers: { 'content-type': contentType }, body }),
        expectStatus: 201,
        deadlineMs: 300_000,
      });
    await load(WARMUP_UPLOADS);
    process.kill(server.pid, 'SIGUSR2');
    const measured = await load(uploads);
    const mbps = (measured.bodyBytes / measured.wallMs / 1000).toFixed(0);
    const p50 = percentile(measured.latenciesMs, 50).toFixed(1);
    console.log(`${measured.ok}/${uploads} ok in ${measured.wallMs.toFixed(0)} ms (${mbps} MB/s), p50 ${p50} ms`);
    if (measured.failures > 0) console.log(`failures: ${measured.failureSamples.join('; ')}`);
  } finally {
    await server.close();
  }
  console.log(`profile written to ${outDir}`);
}

void main();
