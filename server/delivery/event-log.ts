import { randomBytes } from 'node:crypto';
import { LIVE } from '../limits';

/** One Server-Sent Event as it goes on the wire. */
export interface LiveEvent {
  /** `<run>-<sequence>`: unique for this process and comparable within it. */
  id: string;
  sequence: number;
  name: string;
  data: unknown;
}

/**
 * Recent events per session, in memory, for `Last-Event-ID` replay: a bounded ring per session and a bounded
 * number of sessions (least recently active dropped first). Kept in memory on purpose: replay bridges a dropped
 * connection (a phone changing networks, a laptop waking up), not a server restart; after a restart the
 * `connected` event carries a snapshot of the session, and delivery-status has the full history.
 */
export class EventLog {
  /** Distinguishes this process's ids from those of an earlier run of the server. */
  readonly #run = Date.now().toString(36) + randomBytes(3).toString('hex');
  readonly #sessions = new Map<string, LiveEvent[]>();
  #sequence = 0;

  constructor(
    private readonly perSession: number = LIVE.replayEventsPerSession,
    private readonly maxSessions: number = LIVE.replaySessionsMax,
  ) {}

  append(sessionId: string, name: string, data: unknown): LiveEvent {
    this.#sequence += 1;
    const event: LiveEvent = { id: `${this.#run}-${this.#sequence}`, sequence: this.#sequence, name, data };
    const ring = this.#sessions.get(sessionId) ?? [];
    ring.push(event);
    if (ring.length > this.perSession) ring.shift();
    // Re-inserting moves the session to the end: the Map's first key is always the least recently active.
    this.#sessions.delete(sessionId);
    this.#sessions.set(sessionId, ring);
    if (this.#sessions.size > this.maxSessions) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done !== true) this.#sessions.delete(oldest.value);
    }
    return event;
  }

  /**
   * What a client that last saw `lastEventId` missed. An id from an earlier run of the server means everything
   * kept now is news to it; an id we cannot read means we cannot tell, so nothing is replayed.
   */
  since(sessionId: string, lastEventId: string | undefined): LiveEvent[] {
    if (lastEventId === undefined || lastEventId === '') return [];
    const ring = this.#sessions.get(sessionId) ?? [];
    const match = /^([0-9a-z]+)-(\d+)$/.exec(lastEventId.trim());
    if (match === null) return [];
    if (match[1] !== this.#run) return [...ring];
    const seen = Number(match[2]);
    return ring.filter((event) => event.sequence > seen);
  }
}
