import { createHash } from 'node:crypto';
import type pg from 'pg';
import * as v from 'valibot';
import { KEPT_EVENTS_PER_SESSION, type SessionEventStore, type SessionMark, type StoredEvent } from '../delivery/session-events';

/** The NOTIFY channel of the live events (pg-live-bus.ts listens on it). Channels are per database, not per schema. */
export const LIVE_CHANNEL = 'qrdrop_live';

/**
 * A session's name in notifications: a hash of its id, never the id itself (a capability, which NOTIFY payloads
 * and the server's logs must not carry). Every instance computes it for the sessions it watches.
 */
export function notifyKey(sessionId: string): string {
  return createHash('sha256').update(`qrdrop live ${sessionId}`).digest('hex').slice(0, 32);
}

/** A notification's payload: `<key> <event_seq> <changed_at>`. */
export function parseNotification(payload: string): { key: string; mark: SessionMark } | undefined {
  const match = /^([0-9a-f]{32}) (\d+) (\d+)$/.exec(payload);
  if (match === null) return undefined;
  return { key: match[1] ?? '', mark: { eventSeq: Number(match[2]), changedAt: Number(match[3]) } };
}

const MarkRow = v.object({ event_seq: v.number(), changed_at: v.number() });
const MarkRows = v.array(v.object({ id: v.string(), event_seq: v.number(), changed_at: v.number() }));
const EventRows = v.array(v.object({ seq: v.number(), name: v.string(), data: v.string() }));

/** The change clock's step ($2 = now): never back, always forward, never before the session began. */
const BUMP = 'changed_at = GREATEST($2::bigint, GREATEST(changed_at, created_at) + 1)';
/** The notification of the bumped row, sent when the statement's transaction commits ($3 = the session's key). */
const NOTIFY = `pg_notify('${LIVE_CHANNEL}', concat_ws(' ', $3::text, event_seq, changed_at))`;

const markOf = (row: unknown): SessionMark | undefined => {
  if (row === undefined) return undefined;
  const mark = v.parse(MarkRow, row);
  return { eventSeq: mark.event_seq, changedAt: mark.changed_at };
};

/**
 * The live events of a cluster, in PostgreSQL, shared by every instance. An append is one statement: the UPDATE of
 * the session row takes its lock (a second writer of the same session, on any instance, waits for the first to
 * commit and then reads its number), so numbers follow commit order with no gaps and no repeats; the event row, the
 * trim to the latest KEPT_EVENTS_PER_SESSION and the notification go in the same statement, so the notification
 * leaves exactly when the event is visible. The store does not own the pool.
 */
export class PgSessionEvents implements SessionEventStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async append(sessionId: string, name: string, data: unknown, now: number): Promise<{ event: StoredEvent; mark: SessionMark } | undefined> {
    const { rows } = await this.#pool.query(
      `WITH bumped AS (
         UPDATE sessions SET event_seq = event_seq + 1, ${BUMP} WHERE id = $1 RETURNING event_seq, changed_at
       ), stored AS (
         INSERT INTO session_events (session_id, seq, name, data, created_at)
         SELECT $1, event_seq, $4, $5, $2 FROM bumped
       ), trimmed AS (
         DELETE FROM session_events WHERE session_id = $1 AND seq <= (SELECT event_seq FROM bumped) - $6
       )
       SELECT event_seq, changed_at, ${NOTIFY} FROM bumped`,
      [sessionId, now, notifyKey(sessionId), name, JSON.stringify(data), KEPT_EVENTS_PER_SESSION],
    );
    const mark = markOf(rows[0]);
    return mark === undefined ? undefined : { event: { seq: mark.eventSeq, name, data }, mark };
  }

  async touch(sessionId: string, now: number): Promise<SessionMark | undefined> {
    const { rows } = await this.#pool.query(
      `WITH bumped AS (UPDATE sessions SET ${BUMP} WHERE id = $1 RETURNING event_seq, changed_at)
       SELECT event_seq, changed_at, ${NOTIFY} FROM bumped`,
      [sessionId, now, notifyKey(sessionId)],
    );
    return markOf(rows[0]);
  }

  async since(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const { rows } = await this.#pool.query('SELECT seq, name, data FROM session_events WHERE session_id = $1 AND seq > $2 ORDER BY seq', [
      sessionId,
      afterSeq,
    ]);
    return v.parse(EventRows, rows).map((row) => ({ seq: row.seq, name: row.name, data: JSON.parse(row.data) as unknown }));
  }

  async marks(sessionIds: readonly string[]): Promise<Map<string, SessionMark>> {
    if (sessionIds.length === 0) return new Map();
    const { rows } = await this.#pool.query('SELECT id, event_seq, changed_at FROM sessions WHERE id = ANY($1::text[])', [sessionIds]);
    return new Map(v.parse(MarkRows, rows).map((row) => [row.id, { eventSeq: row.event_seq, changedAt: row.changed_at }]));
  }
}
