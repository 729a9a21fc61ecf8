import fs from 'node:fs';
import path from 'node:path';

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
