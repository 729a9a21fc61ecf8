import * as v from 'valibot';
import { type Db, statement } from '../db';
import { KEPT_EVENTS_PER_SESSION, type SessionEventStore, type SessionMark, type StoredEvent } from './session-events';

const MarkRow = v.object({ event_seq: v.number(), changed_at: v.number() });
const MarkRows = v.array(v.object({ id: v.string(), event_seq: v.number(), changed_at: v.number() }));
const EventRows = v.array(v.object({ seq: v.number(), name: v.string(), data: v.string() }));

/** The change clock's step, in both dialects' terms: never back, always forward, never before the session began. */
const BUMP = 'changed_at = MAX(@now, MAX(changed_at, created_at) + 1)';

const markOf = (row: unknown): SessionMark | undefined => {
  if (row === undefined) return undefined;
  const mark = v.parse(MarkRow, row);
  return { eventSeq: mark.event_seq, changedAt: mark.changed_at };
};

/**
 * The live events of `npm start`, in its SQLite file (migration 10's `session_events`). Each write commits at once
 * (not in the upload path's group commit, which waits for the end of the event-loop turn): an event published
 * before a response is stored before that response goes out, so a client that then reconnects gets it replayed.
 * SQLite has one writer at a time, so the number taken with the increment is the commit order.
 */
export class SqliteSessionEvents implements SessionEventStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  append(sessionId: string, name: string, data: unknown, now: number): Promise<{ event: StoredEvent; mark: SessionMark } | undefined> {
    const db = this.#db;
    return this.#commit(() => {
      const mark = markOf(
        statement(db, `UPDATE sessions SET event_seq = event_seq + 1, ${BUMP} WHERE id = @id RETURNING event_seq, changed_at`).get({
          id: sessionId,
          now,
        }),
      );
      if (mark === undefined) return undefined;
      statement(db, 'INSERT INTO session_events (session_id, seq, name, data, created_at) VALUES (?, ?, ?, ?, ?)').run(
        sessionId,
        mark.eventSeq,
        name,
        JSON.stringify(data),
        now,
      );
      statement(db, 'DELETE FROM session_events WHERE session_id = ? AND seq <= ?').run(sessionId, mark.eventSeq - KEPT_EVENTS_PER_SESSION);
      return { event: { seq: mark.eventSeq, name, data }, mark };
    });
  }

  touch(sessionId: string, now: number): Promise<SessionMark | undefined> {
    const db = this.#db;
    return this.#commit(() =>
      markOf(statement(db, `UPDATE sessions SET ${BUMP} WHERE id = @id RETURNING event_seq, changed_at`).get({ id: sessionId, now })),
    );
  }

  /** One write transaction, taken at once (IMMEDIATE: another connection's writer is waited for, never overtaken). */
  async #commit<T>(work: () => T): Promise<T> {
    return this.#db.transaction(work).immediate();
  }

  async since(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const rows = statement(this.#db, 'SELECT seq, name, data FROM session_events WHERE session_id = ? AND seq > ? ORDER BY seq').all(sessionId, afterSeq);
    return v.parse(EventRows, rows).map((row) => ({ seq: row.seq, name: row.name, data: JSON.parse(row.data) as unknown }));
  }

  async marks(sessionIds: readonly string[]): Promise<Map<string, SessionMark>> {
    const read = statement(this.#db, 'SELECT id, event_seq, changed_at FROM sessions WHERE id = ?');
    const rows = v.parse(
      MarkRows,
      sessionIds.map((id) => read.get(id)).filter((row) => row !== undefined),
    );
    return new Map(rows.map((row) => [row.id, { eventSeq: row.event_seq, changedAt: row.changed_at }]));
  }
}
