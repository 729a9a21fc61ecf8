import * as v from 'valibot';
import type { Db } from '../db';

/**
 * `project.session.expired`: announced once for each session of a key that reached its expiry without being
 * completed. A sweep finds them (at start-up, then every `sweepMs`); `session_expiry_events` remembers which expiry
 * was announced, across restarts (a session whose expiry was moved later, PATCH expires_at, and that expires again
 * is announced again). Sessions that expired more than `lookbackMs` before a sweep are never announced (a
 * server that was down for a week, or just upgraded, does not flood its integrators with old news), which also
 * keeps each sweep to the last day's expiries (index `sessions_by_expiry`).
 */
export const SESSION_EXPIRY = {
  sweepMs: 30_000,
  lookbackMs: 24 * 3_600_000,
  batch: 200,
} as const;

const Ids = v.array(v.object({ id: v.string(), expires_at: v.number() }));

/**
 * Sessions due for the announcement, oldest expiry first; each is marked as announced as it is returned. Call it
 * inside the transaction that queues the announcements, so that a crash loses neither.
 */
export function takeExpiredSessions(db: Db, now: number): string[] {
  const rows = v.parse(
    Ids,
    db
      .prepare(
        `SELECT s.id, s.expires_at FROM sessions s
         WHERE s.expires_at <= ? AND s.expires_at > ? AND s.api_key_id IS NOT NULL AND s.completed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM session_expiry_events e WHERE e.session_id = s.id AND e.expires_at = s.expires_at)
         ORDER BY s.expires_at LIMIT ?`,
      )
      .all(now, now - SESSION_EXPIRY.lookbackMs, SESSION_EXPIRY.batch),
  );
  const mark = db.prepare(
    `INSERT INTO session_expiry_events (session_id, expires_at, announced_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET expires_at = excluded.expires_at, announced_at = excluded.announced_at`,
  );
  for (const row of rows) mark.run(row.id, row.expires_at, now);
  return rows.map((row) => row.id);
}
