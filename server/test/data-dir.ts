import fs from 'node:fs';
import path from 'node:path';
import { onCluster, storedPhotos, type TestApp } from './helpers';

/** The database files SQLite keeps next to each other in the data directory. */
const DATABASE_FILES = /^qrdrop\.sqlite(-wal|-shm|-journal)?$/;

/** Every file under the data directory except the database, as relative paths with "/" separators. */
export function filesBesideDatabase(dataDir: string): string[] {
  return fs
    .readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(dataDir, name)).isFile() && !DATABASE_FILES.test(name))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/**
 * What an app has written, on either backend: the files beside the database and, on a cluster, its photos in the
 * bucket as `bucket/<storage name>`.
 */
export async function filesWritten(t: TestApp): Promise<string[]> {
  const inBucket = onCluster ? (await storedPhotos(t.app)).map((key) => `bucket/${key}`) : [];
  return [...filesBesideDatabase(t.dataDir), ...inBucket];
}

/** Where filesWritten lists a photo of this run's backend. */
export const writtenPhoto = (sessionId: string, storageName: string): string => (onCluster ? `bucket/${storageName}` : `images/${sessionId}/${storageName}`);
