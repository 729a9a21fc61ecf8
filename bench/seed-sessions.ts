import { randomUUID } from 'node:crypto';
import { openDb } from '../server/db';
import { MIME_TYPES, MB } from '../server/limits';

const SEED_EXPIRY_MS = 24 * 60 * 60_000;

/**
 * Fills a fresh database with `count` open sessions before the server starts, straight through SQLite (the
 * create route at its rate limits would take minutes for 10,000). The schema comes from the server's own
 * migrations, so the rows are exactly what the create route writes. Returns the ids, for the read benchmark.
 */
export function seedSessions(databaseFile: string, count: number, now = Date.now()): string[] {
  const db = openDb(databaseFile);
  try {
    const insert = db.prepare(
      `INSERT INTO sessions (id, api_key_id, env, created_at, updated_at, expires_at, completed_at, max_images,
         allowed_mime_types, max_image_dimension, max_image_size_bytes, password_hash, tags, long_polling, label, destination_ids)
       VALUES (?, NULL, 'test', ?, ?, ?, NULL, 10, ?, NULL, ?, NULL, '["bench"]', 0, ?, '[]')`,
    );
    const ids: string[] = [];
    const allowed = JSON.stringify(MIME_TYPES);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        // Spread creation times over the last day, as a real database would have them.
        const created = now - Math.floor((i / count) * SEED_EXPIRY_MS);
        insert.run(id, created, created, created + SEED_EXPIRY_MS * 2, allowed, 20 * MB, `Bench session ${i}`);
        ids.push(id);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}
