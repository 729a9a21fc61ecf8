import type pg from 'pg';

/**
 * The cluster's schema in PostgreSQL, as an append-only list like the SQLite one (server/db.ts `MIGRATIONS`), with
 * the same tables, columns and constraints so the same row parsers read both: times are ms since the epoch
 * (`bigint`), flags 0/1 integers, string lists JSON text. Only the tables the cluster's data layer uses so far are
 * here (api_keys, which sessions reference, sessions and images, at their current SQLite shape); the others follow
 * as their stores move (issue 13).
 *
 * Rolling deploys run old and new code on one schema, so every migration is `expand` (adds tables, nullable or
 * defaulted columns, indexes: old code keeps working) unless it is a `contract` step (drops, renames, tightens),
 * which may only ship once no running release reads what it removes. A newer schema than the code knows is fine.
 */
export interface PgMigration {
  name: string;
  phase: 'expand' | 'contract';
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    name: 'sessions and images',
    phase: 'expand',
    sql: `
    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      key_hash TEXT NOT NULL UNIQUE,
      env TEXT NOT NULL CHECK (env IN ('live', 'test')),
      created_at BIGINT NOT NULL,
      source TEXT NOT NULL DEFAULT 'config' CHECK (source IN ('config', 'api')),
      created_by TEXT,
      prefix TEXT,
      label TEXT,
      is_active INTEGER NOT NULL DEFAULT 1,
      last_used_at BIGINT,
      max_images INTEGER,
      allowed_mime_types TEXT,
      max_image_dimension INTEGER,
      long_polling INTEGER NOT NULL DEFAULT 0,
      allowed_ips TEXT NOT NULL DEFAULT '[]',
      allowed_domains TEXT NOT NULL DEFAULT '[]',
      deleted_at BIGINT,
      signing_secret TEXT,
      require_signature INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      api_key_id TEXT REFERENCES api_keys(id),
      env TEXT NOT NULL DEFAULT 'live',
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      completed_at BIGINT,
      max_images INTEGER NOT NULL,
      allowed_mime_types TEXT NOT NULL,
      max_image_dimension INTEGER,
      max_image_size_bytes BIGINT NOT NULL,
      password_hash TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      long_polling INTEGER NOT NULL DEFAULT 0,
      label TEXT,
      destination_ids TEXT NOT NULL DEFAULT '[]',
      e2e_public_key TEXT,
      e2e_allow_downgrade INTEGER NOT NULL DEFAULT 0,
      e2e_downgraded INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_by_key_created ON sessions(api_key_id, created_at DESC);
    CREATE INDEX sessions_by_expiry ON sessions(expires_at);

    CREATE TABLE images (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      filename TEXT NOT NULL,
      storage_name TEXT NOT NULL UNIQUE,
      mime_type TEXT NOT NULL,
      size_bytes BIGINT NOT NULL,
      width INTEGER,
      height INTEGER,
      sha256 TEXT NOT NULL,
      source TEXT NOT NULL,
      idempotency_key TEXT,
      created_at BIGINT NOT NULL,
      acknowledged_at BIGINT,
      is_encrypted INTEGER NOT NULL DEFAULT 0,
      is_e2e INTEGER NOT NULL DEFAULT 0,
      UNIQUE (session_id, idx),
      UNIQUE (session_id, idempotency_key)
    );
    CREATE INDEX images_by_session ON images(session_id, created_at);
    `,
  },
  {
    // The webhook queue and the live events, shared by every instance (SQLite's migration 10, same columns):
    // destinations, deliveries with their lease (claimed_by, lease_until), delivery plans; each session's event
    // counter (event_seq, the SSE id), its change clock (changed_at) and its latest events.
    name: 'deliveries and live events',
    phase: 'expand',
    sql: `
    CREATE TABLE destinations (
      id TEXT PRIMARY KEY,
      api_key_id TEXT REFERENCES api_keys(id),
      type TEXT NOT NULL CHECK (type IN ('webhook', 'folder')),
      name TEXT NOT NULL,
      url TEXT,
      format TEXT NOT NULL DEFAULT 'multipart' CHECK (format IN ('multipart', 'json_base64')),
      secret TEXT,
      is_default INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL,
      deleted_at BIGINT,
      is_active INTEGER NOT NULL DEFAULT 1,
      updated_at BIGINT
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
      next_attempt_at BIGINT,
      location TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      claimed_by TEXT,
      lease_until BIGINT,
      UNIQUE (image_id, destination_id)
    );
    CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
    CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'sending';
    CREATE INDEX deliveries_by_session ON deliveries(session_id, updated_at);

    CREATE TABLE delivery_plans (
      image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
      planned_at BIGINT NOT NULL
    );

    ALTER TABLE sessions ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
    CREATE TABLE session_events (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      seq BIGINT NOT NULL,
      name TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (session_id, seq)
    );
    `,
  },
  {
    // S3 photo storage (server/cluster/photo-intents.ts): a row per object sent whose image row is not committed yet.
    name: 'photo intents',
    phase: 'expand',
    sql: `
    CREATE TABLE photo_intents (
      storage_name TEXT PRIMARY KEY,
      created_at BIGINT NOT NULL
    );
    CREATE INDEX photo_intents_by_age ON photo_intents(created_at);
    `,
  },
  {
    // Rate limits and password guesses, counted once for the whole cluster (server/cluster/pg-rate-windows.ts).
    // UNLOGGED: no WAL per hit, and a crash empties the table, which only forgives the counts of one window.
    // PostgreSQL only: `npm start` counts in memory, so SQLite has no such table.
    name: 'rate windows',
    phase: 'expand',
    sql: `
    CREATE UNLOGGED TABLE rate_windows (
      bucket TEXT PRIMARY KEY,
      reset_at BIGINT NOT NULL,
      count INTEGER NOT NULL
    );
    CREATE INDEX rate_windows_by_reset ON rate_windows(reset_at);
    `,
  },
  {
    // API-created keys need nothing new (api_keys has every column of SQLite's). Short links (`short_url`, `/l/…`):
    // SQLite's table, plus one link per session exactly (a unique index: two instances sharing a session at once
    // make one code, not two). The server key of encrypted uploads, one pair for the whole cluster
    // (PostgreSQL only: `npm start` keeps it in a file of its data folder).
    name: 'short links and the server key',
    phase: 'expand',
    sql: `
    CREATE TABLE short_links (
      code TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX short_links_by_session ON short_links(session_id);

    CREATE TABLE server_keys (
      name TEXT PRIMARY KEY,
      private_key_pem TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );
    `,
  },
  {
    // Event webhooks (server/cluster/pg-event-webhooks.ts): SQLite's event_webhooks, event_log, event_deliveries and
    // session_expiry_events at their current shape (sessions_by_expiry exists since migration 1), plus the lease of
    // an event delivery (claimed_by, lease_until) as photo deliveries have, so instances drain one queue and never
    // send one delivery twice at once. The lease columns are PostgreSQL's only: `npm start` is one process.
    name: 'event webhooks',
    phase: 'expand',
    sql: `
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
      disabled_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      deleted_at BIGINT
    );
    CREATE INDEX event_webhooks_by_key ON event_webhooks(api_key_id, created_at);

    CREATE TABLE event_log (
      id TEXT PRIMARY KEY,
      api_key_id TEXT,
      topic TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at BIGINT NOT NULL
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
      response_body TEXT,
      duration_ms INTEGER,
      last_error TEXT,
      next_attempt_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      claimed_by TEXT,
      lease_until BIGINT
    );
    CREATE INDEX event_deliveries_due ON event_deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
    CREATE INDEX event_deliveries_leased ON event_deliveries(lease_until) WHERE status = 'sending';
    CREATE INDEX event_deliveries_by_webhook ON event_deliveries(webhook_id, created_at DESC);

    CREATE TABLE session_expiry_events (
      session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      expires_at BIGINT NOT NULL,
      announced_at BIGINT NOT NULL
    );
    `,
  },
  {
    // The SSE streams open on every instance, so the cap of LIVE.sseStreamsPerSessionMax per session is the
    // cluster's (server/cluster/pg-stream-slots.ts): a row per stream, refreshed by its instance's heartbeat, counted
    // only while fresh. UNLOGGED: a crash empties it, which only forgets streams that crash ended anyway.
    // PostgreSQL only: `npm start` counts its streams in memory.
    name: 'sse streams',
    phase: 'expand',
    sql: `
    CREATE UNLOGGED TABLE live_streams (
      stream_id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      seen_at BIGINT NOT NULL
    );
    CREATE INDEX live_streams_by_session ON live_streams(session_id, seen_at);
    CREATE INDEX live_streams_by_instance ON live_streams(instance_id);
    `,
  },
];

/** What a migration run did: the versions (1-based) it applied; the others were there already. */
export interface MigrationRun {
  applied: number[];
}

/**
 * Brings the schema of the pool's search_path up to date. Every instance runs this at start, possibly at the same
 * moment: the whole run is one transaction under a transaction-level advisory lock (keyed to the schema), so one
 * instance applies each migration and the others wait, then find it recorded in schema_migrations. A failing
 * migration rolls back with its record; the lock goes with the transaction, even if the connection dies.
 */
export async function migratePg(pool: pg.Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<MigrationRun> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('qrdrop.migrations'), hashtext(coalesce(current_schema(), '')))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
    );
    const applied: number[] = [];
    for (const [index, migration] of migrations.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [version, migration.name, Date.now()]);
      applied.push(version);
    }
    await client.query('COMMIT');
    return { applied };
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // The connection itself failed: the pool must not hand it out again.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
