import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { openDb } from '../db';
import { freshSchema } from '../test/pg-schema';
import { migratePg } from './pg-migrations';

const TABLES = ['sessions', 'destinations', 'deliveries', 'delivery_plans', 'session_events'] as const;

it('the delivery and live-event tables have the columns and NOT NULLs of the SQLite schema, so one row parser reads both', async () => {
  const schema = await freshSchema();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-schema-'));
  const db = openDb(path.join(dir, 'qrdrop.sqlite'));
  try {
    const pool = schema.pool(1);
    await migratePg(pool);
    for (const table of TABLES) {
      const sqlite = v
        .parse(v.array(v.object({ name: v.string(), notnull: v.number(), pk: v.number() })), db.pragma(`table_info(${table})`))
        // SQLite's primary key columns may be NULL (a legacy quirk); PostgreSQL's never are.
        .map((column) => `${column.name}${column.notnull === 1 || column.pk > 0 ? ' not null' : ''}`)
        .sort();
      const pg = v
        .parse(
          v.array(v.object({ column_name: v.string(), is_nullable: v.string() })),
          (await pool.query('SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).rows,
        )
        .map((column) => `${column.column_name}${column.is_nullable === 'NO' ? ' not null' : ''}`)
        .sort();
      expect({ table, columns: pg }).toEqual({ table, columns: sqlite });
    }
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await schema.drop();
  }
});
