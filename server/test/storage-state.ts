import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as v from 'valibot';

const Rows = v.array(
  v.object({ id: v.string(), session_id: v.string(), storage_name: v.string(), sha256: v.string(), size_bytes: v.number(), idempotency_key: v.nullable(v.string()) }),
);

export interface StoredRow {
  id: string;
  sessionId: string;
  storageName: string;
  sha256: string;
  idempotencyKey: string | null;
  /** What the file on disk hashes to, or null when there is no file. */
  fileSha256: string | null;
}

export interface StorageState {
  rows: StoredRow[];
  /** Files in images/ that no row names (`<session>/<file>`). */
  filesWithoutRow: string[];
  /** Files in incoming/ (interrupted uploads). */
  incoming: string[];
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The data directory as a crash left it (or as recovery made it), read from outside the server: the database
 * read-only, the files hashed. Safe while the server runs too (SQLite in WAL mode has concurrent readers).
 */
export function readStorage(dataDir: string): StorageState {
  const db = new Database(path.join(dataDir, 'qrdrop.sqlite'), { readonly: true, fileMustExist: true });
  let raw: unknown;
  try {
    raw = db.prepare('SELECT id, session_id, storage_name, sha256, size_bytes, idempotency_key FROM images ORDER BY idx').all();
  } finally {
    db.close();
  }
  const images = path.join(dataDir, 'images');
  const rows = v.parse(Rows, raw).map((row): StoredRow => {
    const file = path.join(images, row.session_id, row.storage_name);
    return {
      id: row.id,
      sessionId: row.session_id,
      storageName: row.storage_name,
      sha256: row.sha256,
      idempotencyKey: row.idempotency_key,
      fileSha256: fs.existsSync(file) ? sha256(file) : null,
    };
  });
  const named = new Set(rows.map((row) => `${row.sessionId}/${row.storageName}`));
  const onDisk = fs.existsSync(images)
    ? fs.readdirSync(images, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(images, name)).isFile())
    : [];
  const incomingDir = path.join(dataDir, 'incoming');
  return {
    rows,
    filesWithoutRow: onDisk.map((name) => name.split(path.sep).join('/')).filter((name) => !named.has(name)),
    incoming: fs.existsSync(incomingDir) ? fs.readdirSync(incomingDir) : [],
  };
}
