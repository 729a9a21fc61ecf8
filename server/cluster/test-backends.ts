import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openDb, type Db } from '../db';
import { newId } from '../ids';
import { freshSchema, type TestSchema } from '../test/pg-schema';
import { migratePg } from './pg-migrations';

/**
 * Test rows for the cluster's delivery and live-event stores, written with the same SQL on both backends: one
 * database, reached through two connections (SQLite) or two pools (PostgreSQL), one per "instance".
 */
export interface TwoInstances<Handle> {
  a: Handle;
  b: Handle;
  /** Runs one statement; `$1…$n` each used once, in order (SQLite gets `?`). */
  exec: (sql: string, params?: unknown[]) => Promise<void>;
  rows: (sql: string, params?: unknown[]) => Promise<unknown[]>;
  close: () => Promise<void>;
}

export interface Backend<Handle> {
  name: 'SQLite' | 'PostgreSQL';
  open: () => Promise<TwoInstances<Handle>>;
}

/** A PostgreSQL statement for SQLite: `$1…$n`, each used once and in order, become `?`. */
export const positional = (sql: string) => sql.replace(/\$\d+/g, '?');

export function sqliteBackend<Handle>(make: (db: Db, instance: 'a' | 'b') => Handle): Backend<Handle> {
  return {
    name: 'SQLite',
    open: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-cluster-'));
      const file = path.join(dir, 'qrdrop.sqlite');
      const dbs = [openDb(file), openDb(file)] as const;
      return {
        a: make(dbs[0], 'a'),
        b: make(dbs[1], 'b'),
        exec: async (sql, params = []) => void dbs[0].prepare(positional(sql)).run(...params),
        rows: async (sql, params = []) => dbs[0].prepare(positional(sql)).all(...params),
        close: async () => {
          for (const db of dbs) db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function pgBackend<Handle>(make: (pool: pg.Pool, instance: 'a' | 'b', schema: TestSchema) => Handle): Backend<Handle> {
  return {
    name: 'PostgreSQL',
    open: async () => {
      const schema = await freshSchema();
      const [poolA, poolB] = [schema.pool(10), schema.pool(10)];
      await migratePg(poolA);
      return {
        a: make(poolA, 'a', schema),
        b: make(poolB, 'b', schema),
        exec: async (sql, params = []) => void (await poolA.query(sql, params)),
        rows: async (sql, params = []) => (await poolA.query(sql, params)).rows,
        close: () => schema.drop(),
      };
    },
  };
}

/** A session row with what NOT NULL asks for; returns its id. */
export async function seedSession(db: Pick<TwoInstances<unknown>, 'exec'>, now: number): Promise<string> {
  const id = newId();
  await db.exec(
    `INSERT INTO sessions (id, env, created_at, updated_at, expires_at, max_images, allowed_mime_types, max_image_size_bytes)
     VALUES ($1, 'test', $2, $3, $4, 200, '["image/jpeg"]', 1000000)`,
    [id, now, now, now + 3_600_000],
  );
  return id;
}

/**
 * `count` photos in one session, each with one webhook delivery to one destination, pending and due at
 * `dueAt(i)`. Returns the delivery ids in order.
 */
export async function seedDeliveries(
  db: Pick<TwoInstances<unknown>, 'exec'>,
  now: number,
  count: number,
  dueAt: (i: number) => number = () => now,
): Promise<{ sessionId: string; ids: string[] }> {
  const sessionId = await seedSession(db, now);
  const destinationId = newId();
  await db.exec(
    `INSERT INTO destinations (id, type, name, url, secret, created_at) VALUES ($1, 'webhook', 'Receiver', 'https://receiver.example/hook', 'secret', $2)`,
    [destinationId, now],
  );
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const imageId = newId();
    await db.exec(
      `INSERT INTO images (id, session_id, idx, filename, storage_name, mime_type, size_bytes, sha256, source, created_at)
       VALUES ($1, $2, $3, 'IMG.jpg', $4, 'image/jpeg', 1000, $5, 'page', $6)`,
      [imageId, sessionId, i + 1, `${imageId}.jpg`, 'a'.repeat(64), now],
    );
    const id = newId();
    await db.exec(
      `INSERT INTO deliveries (id, image_id, session_id, destination_id, status, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)`,
      [id, imageId, sessionId, destinationId, dueAt(i), now, now],
    );
    ids.push(id);
  }
  return { sessionId, ids };
}
