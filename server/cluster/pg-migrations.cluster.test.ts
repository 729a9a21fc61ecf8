import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../db';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { migratePg, PG_MIGRATIONS } from './pg-migrations';

const TABLES = ['api_keys', 'sessions', 'images', 'short_links'] as const;
const Versions = v.array(v.object({ version: v.number(), name: v.string() }));

let schema: TestSchema | undefined;
afterEach(async () => {
  await schema?.drop();
  schema = undefined;
});

/** A migrated PostgreSQL schema and a fresh SQLite file side by side, for comparing the two; both go afterwards. */
async function withBothSchemas(compare: (pool: Pool, db: Db) => Promise<void>): Promise<void> {
  schema = await freshSchema();
  const pool = schema.pool(1);
  await migratePg(pool);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-schema-'));
  const db = openDb(path.join(dir, 'qrdrop.sqlite'));
  try {
    await compare(pool, db);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PostgreSQL migrations', () => {
  it('run from two instances at once are applied once, and the next start applies nothing', async () => {
    schema = await freshSchema();
    const pools = [schema.pool(3), schema.pool(3)];
    const runs = await Promise.all([...pools, ...pools].map((pool) => migratePg(pool)));
    expect(runs.flatMap((run) => run.applied).sort()).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    const recorded = v.parse(Versions, (await pools[0]?.query('SELECT version, name FROM schema_migrations ORDER BY version'))?.rows);
    expect(recorded).toEqual(PG_MIGRATIONS.map((migration, i) => ({ version: i + 1, name: migration.name })));
    expect(await migratePg(schema.pool(1))).toEqual({ applied: [] });
  });

  it('roll a failing migration back with its record, keeping the ones before', async () => {
    schema = await freshSchema();
    const pool = schema.pool(1);
    const broken = [...PG_MIGRATIONS, { name: 'broken', phase: 'expand' as const, sql: 'CREATE TABLE half_done (id TEXT); SELECT 1 / 0;' }];
    await expect(migratePg(pool, broken)).rejects.toThrow(/division by zero/);
    // One transaction: nothing of the run is kept, not even the migrations that succeeded before the broken one.
    const tables = await pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('half_done', 'sessions')");
    expect(tables.rows).toEqual([]);
    expect((await migratePg(pool)).applied).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    await expect(migratePg(pool, broken)).rejects.toThrow(/division by zero/);
    expect((await pool.query('SELECT COUNT(*) AS n FROM schema_migrations')).rows).toEqual([{ n: PG_MIGRATIONS.length }]);
  });

  it('give the tables the columns and NOT NULLs of the SQLite schema, so one row parser reads both', async () => {
    await withBothSchemas(async (pool, db) => {
      for (const table of TABLES) {
        const sqlite = v
          .parse(v.array(v.object({ name: v.string(), notnull: v.number(), pk: v.number() })), db.pragma(`table_info(${table})`))
          // SQLite's primary key columns may be NULL (a legacy quirk); PostgreSQL's never are.
          .map((column) => `${column.name}${column.notnull === 1 || column.pk > 0 ? ' not null' : ''}`)
          .sort();
        const pg = v
          .parse(
            v.array(v.object({ column_name: v.string(), is_nullable: v.string() })),
            (
              await pool.query(
                'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
                [table],
              )
            ).rows,
          )
          .map((column) => `${column.column_name}${column.is_nullable === 'NO' ? ' not null' : ''}`)
          .sort();
        expect({ table, columns: pg }).toEqual({ table, columns: sqlite });
      }
    });
  });

  it('make no table SQLite lacks, but for the ones only a cluster needs', async () => {
    // schema_migrations: PostgreSQL's own migration record (SQLite counts in user_version). photo_intents: objects
    // sent to S3 before their row commits (the local folder renames instead). rate_windows: `npm start` keeps its
    // rate limits and password guesses in memory, one process being the whole server. server_keys: `npm start`
    // keeps its server key in a file of its data folder. live_streams: `npm start` counts its SSE streams in memory.
    const PG_ONLY = ['live_streams', 'photo_intents', 'rate_windows', 'schema_migrations', 'server_keys'];
    await withBothSchemas(async (pool, db) => {
      const Names = v.array(v.object({ name: v.string() }));
      const sqlite = new Set(v.parse(Names, db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).map((row) => row.name));
      const pg = v.parse(Names, (await pool.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()')).rows);
      expect(pg.map((row) => row.name).filter((name) => !sqlite.has(name)).sort()).toEqual(PG_ONLY);
    });
  });

  it('are all expand steps so far: nothing dropped, renamed or tightened under a running release', () => {
    for (const migration of PG_MIGRATIONS.filter((m) => m.phase === 'expand')) {
      expect(migration.sql, migration.name).not.toMatch(/\b(DROP|RENAME|TRUNCATE)\b|\bSET\s+NOT\s+NULL\b|\bALTER\s+COLUMN\s+\w+\s+(SET\s+DATA\s+)?TYPE\b/i);
    }
  });
});
