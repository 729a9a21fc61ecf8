import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Schema, as an append-only list of migrations. `PRAGMA user_version` records how many ran.
 * To change the schema, add a migration at the end; never edit one that has shipped.
 * Times are integer milliseconds since the epoch (UTC); they become ISO 8601 only at the API boundary.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    env TEXT NOT NULL CHECK (env IN ('live', 'test')),
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    api_key_id TEXT REFERENCES api_keys(id),
    env TEXT NOT NULL DEFAULT 'live',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    completed_at INTEGER,
    max_images INTEGER NOT NULL,
    allowed_mime_types TEXT NOT NULL,
    max_image_dimension INTEGER,
    max_image_size_bytes INTEGER NOT NULL,
    password_hash TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    long_polling INTEGER NOT NULL DEFAULT 0,
    label TEXT,
    destination_ids TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX sessions_by_key_created ON sessions(api_key_id, created_at DESC);

  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    filename TEXT NOT NULL,
    storage_name TEXT NOT NULL UNIQUE,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    idempotency_key TEXT,
    created_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    UNIQUE (session_id, idx),
    UNIQUE (session_id, idempotency_key)
  );
  CREATE INDEX images_by_session ON images(session_id, created_at);
  `,
];

/** Opens (creating if needed) the database in WAL mode and brings the schema up to date. */
export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  for (let i = current; i < MIGRATIONS.length; i++) {
    const sql = MIGRATIONS[i];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
