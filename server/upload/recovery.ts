import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { UploadStore } from '../cluster/store';
import type { DataPaths } from '../data-paths';

export interface RecoveryReport {
  /** Interrupted uploads found in incoming/. */
  removedIncoming: number;
  /** Files in images/ without a row: renamed into place by an upload that died before its insert. */
  removedOrphans: number;
  /** Image ids of rows whose file is gone (disk trouble, a hand-made deletion): logged, left for the operator. */
  missingFiles: string[];
}

/**
 * Start-up, before any request: brings disk and database back to "a row for every file, a file for every row"
 * after a crash. Run it only when no upload is in progress (it deletes incoming/ wholesale).
 */
export async function recoverStorage(uploads: UploadStore, paths: DataPaths, log: FastifyBaseLogger): Promise<RecoveryReport> {
  const report: RecoveryReport = { removedIncoming: 0, removedOrphans: 0, missingFiles: [] };
  for (const name of await fs.readdir(paths.incoming)) {
    await fs.rm(path.join(paths.incoming, name), { recursive: true, force: true });
    report.removedIncoming++;
  }

  const known = await uploads.listStoredFiles();
  const onDisk = new Set<string>();
  for (const entry of await fs.readdir(paths.images, { withFileTypes: true })) {
    const entryPath = path.join(paths.images, entry.name);
    if (!entry.isDirectory()) {
      await fs.rm(entryPath, { force: true });
      report.removedOrphans++;
      continue;
    }
    for (const file of await fs.readdir(entryPath)) {
      const key = `${entry.name}/${file}`;
      if (known.has(key)) {
        onDisk.add(key);
        continue;
      }
      await fs.rm(path.join(entryPath, file), { recursive: true, force: true });
      report.removedOrphans++;
    }
  }
  for (const [key, imageId] of known) if (!onDisk.has(key)) report.missingFiles.push(imageId);

  if (report.removedIncoming > 0 || report.removedOrphans > 0) {
    log.warn({ removedIncoming: report.removedIncoming, removedOrphans: report.removedOrphans }, 'removed files of interrupted uploads');
  }
  // Image ids only: paths contain session ids, which are capabilities and never go to logs.
  if (report.missingFiles.length > 0) log.error({ imageIds: report.missingFiles }, 'stored photos are missing from disk');
  return report;
}
