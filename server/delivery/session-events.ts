import { LIVE } from '../limits';

/**
 * A session's live events as stored, one contract for every backend (issue 13): `npm start` keeps them in SQLite
 * (sqlite-session-events.ts), a cluster in PostgreSQL (server/cluster/pg-session-events.ts), so an EventSource that
 * reconnects to any instance gets what it missed. Each session numbers its events (`sessions.event_seq`, the SSE
 * id) and counts its changes (`sessions.changed_at`, the long-poll clock); both move in the write that stores the
 * event, under the session row's lock, so the numbers follow commit order with no gaps.
 */
export interface StoredEvent {
  /** The session's event number: 1, 2, 3… with no gaps, in commit order. Sent as the SSE `id`. */
  seq: number;
  name: string;
  data: unknown;
}

/** Where a session stands: its last event number and its change clock. Both only ever grow. */
export interface SessionMark {
  eventSeq: number;
  /**
   * ms, `MAX(now, previous + 1)` at each change (never before the session's creation): a clock that never goes back
   * and always moves, whatever the clocks of the instances that wrote it. delivery-status reports it (`lastChanged`).
   */
  changedAt: number;
}

export interface SessionEventStore {
  /**
   * Stores the session's next event (`event_seq + 1`) and moves its change clock, in one transaction; keeps only the
   * latest KEPT_EVENTS_PER_SESSION. Undefined when the session is gone. Resolved means committed.
   */
  append(sessionId: string, name: string, data: unknown, now: number): Promise<{ event: StoredEvent; mark: SessionMark } | undefined>;
  /** A change no live event carries (an acknowledgement, a retry planned): only the change clock moves. */
  touch(sessionId: string, now: number): Promise<SessionMark | undefined>;
  /** The kept events numbered after `afterSeq`, in order. */
  since(sessionId: string, afterSeq: number): Promise<StoredEvent[]>;
  /** The marks of the sessions that exist among `sessionIds`. */
  marks(sessionIds: readonly string[]): Promise<Map<string, SessionMark>>;
}

/** Events kept per session for Last-Event-ID replay: a client further behind gets the latest ones and the snapshot. */
export const KEPT_EVENTS_PER_SESSION = LIVE.replayEventsPerSession;

/**
 * The event number a stream resumes after, given the client's Last-Event-ID and the session's last event now.
 * No id: a new client, nothing replayed. One of ours: what came after it. Anything else (the `<run>-<seq>` ids of
 * the in-memory log this replaced, a number ahead of the session, which only another database could have given,
 * something unreadable): we cannot tell what the client saw, so everything kept is replayed, and the `connected`
 * snapshot that follows puts it right.
 */
export function resumeAfter(lastEventId: string | undefined, lastSeq: number): number {
  const id = lastEventId?.trim() ?? '';
  if (id === '') return lastSeq;
  if (/^\d{1,15}$/.test(id) && Number(id) <= lastSeq) return Number(id);
  return 0;
}
