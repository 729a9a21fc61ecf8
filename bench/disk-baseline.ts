import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface DiskRun {
  files: number;
  wallMs: number;
  bytes: number;
}

/**
 * The disk's own limit for what the server must do with each photo at the least: write it and fsync it
 * (a durable upload cannot be confirmed before that). Same bytes, same concurrency, same filesystem
 * (the OS temp dir, where the bench's server data dirs live), whole-buffer writes: the best case.
 */
export async function diskBaseline(photo: Buffer, files: number, concurrency: number): Promise<DiskRun> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'qrdrop-bench-disk-'));
  try {
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < files) {
        const handle = await fs.open(path.join(dir, String(next++)), 'wx', 0o600);
        try {
          await handle.writeFile(photo);
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files) }, worker));
    return { files, wallMs: performance.now() - started, bytes: photo.length * files };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
