import Database from 'better-sqlite3';

export type Db = Database.Database;

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql`, compiled once per database and kept. better-sqlite3 compiles on every
 * `prepare`, which costs more than running a small query: the per-upload path uses this instead. (SQLite
 * re-compiles a kept statement by itself if the schema changes under it.)
 */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (prepared === undefined) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

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
  // Delivery: where photos go (webhooks, the local folder) and the state of every send, so that a restart
  // resumes what was pending. `delivery_plans` marks images whose deliveries were created, so an image committed
  // just before a crash still gets its deliveries at the next start.
  `
  CREATE TABLE destinations (
    id TEXT PRIMARY KEY,
    api_key_id TEXT REFERENCES api_keys(id),
    type TEXT NOT NULL CHECK (type IN ('webhook', 'folder')),
    name TEXT NOT NULL,
    url TEXT,
    format TEXT NOT NULL DEFAULT 'multipart' CHECK (format IN ('multipart', 'json_base64')),
    secret TEXT,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
  );
  CREATE INDEX destinations_by_key ON destinations(api_key_id, created_at);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    destination_id TEXT NOT NULL REFERENCES destinations(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'retrying')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at INTEGER,
    location TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (image_id, destination_id)
  );
  CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
  CREATE INDEX deliveries_by_session ON deliveries(session_id, updated_at);

  CREATE TABLE delivery_plans (
    image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    planned_at INTEGER NOT NULL
  );
  INSERT INTO delivery_plans (image_id, planned_at) SELECT id, created_at FROM images;
  `,
  // The integrator API's second half: destinations can be switched off and edited; keys can be created by API
  // (only the SHA-256 is kept), carry the defaults of their sessions and list where they came from.
  `
  ALTER TABLE destinations ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE destinations ADD COLUMN updated_at INTEGER;
  UPDATE destinations SET updated_at = created_at;

  ALTER TABLE api_keys ADD COLUMN source TEXT NOT NULL DEFAULT 'config' CHECK (source IN ('config', 'api'));
  ALTER TABLE api_keys ADD COLUMN created_by TEXT;
  ALTER TABLE api_keys ADD COLUMN prefix TEXT;
  ALTER TABLE api_keys ADD COLUMN label TEXT;
  ALTER TABLE api_keys ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
  ALTER TABLE api_keys ADD COLUMN max_images INTEGER;
  ALTER TABLE api_keys ADD COLUMN allowed_mime_types TEXT;
  ALTER TABLE api_keys ADD COLUMN max_image_dimension INTEGER;
  ALTER TABLE api_keys ADD COLUMN long_polling INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE api_keys ADD COLUMN allowed_ips TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE api_keys ADD COLUMN allowed_domains TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE api_keys ADD COLUMN deleted_at INTEGER;
  `,
  // Event webhooks: subscriptions to topics, and one durable delivery row per event and webhook holding the exact
  // body sent, so retries (timed or asked for) resend the same bytes and a restart resumes them.
  `
  CREATE TABLE event_webhooks (
    id TEXT PRIMARY KEY,
    api_key_id TEXT NOT NULL REFERENCES api_keys(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    signature_method TEXT NOT NULL CHECK (signature_method IN ('hmac_sha256', 'svix')),
    topics TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    max_retries INTEGER NOT NULL,
    retry_intervals TEXT NOT NULL,
    disable_after_failures INTEGER NOT NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    custom_headers TEXT NOT NULL DEFAULT '{}',
    disabled_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
  );
  CREATE INDEX event_webhooks_by_key ON event_webhooks(api_key_id, created_at);

  CREATE TABLE event_log (
    id TEXT PRIMARY KEY,
    api_key_id TEXT,
    topic TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE event_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES event_webhooks(id),
    event_log_id TEXT NOT NULL REFERENCES event_log(id),
    topic TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'retrying')),
    attempts INTEGER NOT NULL DEFAULT 0,
    response_code INTEGER,
    duration_ms INTEGER,
    last_error TEXT,
    next_attempt_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX event_deliveries_due ON event_deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
  CREATE INDEX event_deliveries_by_webhook ON event_deliveries(webhook_id, created_at DESC);
  `,
  // Request signing: a key's signing secret (kept in clear: verifying an HMAC needs it) and whether it insists.
  `
  ALTER TABLE api_keys ADD COLUMN signing_secret TEXT;
  ALTER TABLE api_keys ADD COLUMN require_signature INTEGER NOT NULL DEFAULT 0;
  `,
  // Short links (`short_url`): a random code on qrdrop's own origin that redirects to a session's page.
  `
  CREATE TABLE short_links (
    code TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX short_links_by_session ON short_links(session_id);
  `,
  // Encrypted uploads: a photo that arrived sealed for the server's key (stored as its opened bytes) is marked.
  `
  ALTER TABLE images ADD COLUMN is_encrypted INTEGER NOT NULL DEFAULT 0;
  `,
  // Event webhooks: the start of the receiver's answer (delivery log `responseBody`), and the sessions whose
  // expiry was announced (project.session.expired, once per expiry: a session extended and expired again is new).
  `
  ALTER TABLE event_deliveries ADD COLUMN response_body TEXT;
  CREATE TABLE session_expiry_events (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    announced_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_expiry ON sessions(expires_at);
  `,
  // End-to-end sessions: the integrator's public key (the server holds no key that opens their photos), whether
  // the page may send plain photos where it cannot encrypt, and whether one did. An e2e image's file is the envelope.
  `
  ALTER TABLE sessions ADD COLUMN e2e_public_key TEXT;
  ALTER TABLE sessions ADD COLUMN e2e_allow_downgrade INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN e2e_downgraded INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE images ADD COLUMN is_e2e INTEGER NOT NULL DEFAULT 0;
  `,
  // Cluster-ready delivery and live events (issue 13; server/cluster/): a claimed delivery names its claimer and
  // the end of its lease (a lapsed lease is claimed again, same delivery id); each session numbers its live events
  // (`event_seq`, the SSE id) and counts its changes (`changed_at`, a ms clock that never goes back), and keeps its
  // latest events for Last-Event-ID replay.
  `
  ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
  ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
  CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'sending';
  ALTER TABLE sessions ADD COLUMN event_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  `,
  // The change clock takes over from the row timestamps as delivery-status's `lastChanged` (issue 13): existing
  // sessions start at the latest of those timestamps, so no client's `pollFrom` finds its session gone back in time.
  `
  UPDATE sessions SET changed_at = MAX(
    updated_at,
    COALESCE(completed_at, 0),
    COALESCE((SELECT MAX(MAX(created_at), COALESCE(MAX(acknowledged_at), 0)) FROM images WHERE session_id = sessions.id), 0),
    COALESCE((SELECT MAX(updated_at) FROM deliveries WHERE session_id = sessions.id), 0)
  ) WHERE changed_at = 0;
  `,
];

/** Opens (creating if needed) the database in WAL mode and brings the schema up to date. */
export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a committed image row survives power loss, not only a process crash. One fsync per upload is cheap
  // next to the megabytes of the photo itself, and a 201 must mean the photo is kept.
  db.pragma('synchronous = FULL');
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
