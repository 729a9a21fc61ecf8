import type { SessionMark } from './session-events';

/** Told that a session may have moved on, with where it stands now. */
export type Wake = (mark: SessionMark) => void;

/**
 * Wake-ups for whatever follows a session on this instance (its SSE streams, its held long polls): after a change
 * of the session is committed, its watchers are woken with the session's new mark and re-read what they need from
 * the store. A wake carries no event, only "look again", so a lost or doubled one costs a read, never an event.
 * In-process for `npm start` (InProcessLiveBus); across instances through PostgreSQL's LISTEN/NOTIFY
 * (server/cluster/pg-live-bus.ts), where the store's write itself notifies the other instances.
 */
export interface LiveBus {
  /** A change of the session was committed here: wake this instance's watchers. */
  announce(sessionId: string, mark: SessionMark): void;
  /** Calls `wake` after each change of the session from now on. Returns the function that stops it. */
  watch(sessionId: string, wake: Wake): () => void;
  close(): Promise<void>;
}

const isNewer = (mark: SessionMark, known: SessionMark | undefined) =>
  known === undefined || mark.eventSeq > known.eventSeq || mark.changedAt > known.changedAt;

/**
 * The watchers of one instance, by session, and the latest mark each watched session was seen at: a mark already
 * seen (this instance's own write coming back as a notification, a catch-up finding nothing new) wakes nobody.
 */
export class InProcessLiveBus implements LiveBus {
  readonly #watchers = new Map<string, Set<Wake>>();
  readonly #seen = new Map<string, SessionMark>();

  announce(sessionId: string, mark: SessionMark): void {
    const watchers = this.#watchers.get(sessionId);
    if (watchers === undefined || !isNewer(mark, this.#seen.get(sessionId))) return;
    this.#seen.set(sessionId, mark);
    for (const wake of [...watchers]) wake(mark);
  }

  watch(sessionId: string, wake: Wake): () => void {
    const watchers = this.#watchers.get(sessionId) ?? new Set<Wake>();
    watchers.add(wake);
    this.#watchers.set(sessionId, watchers);
    return () => {
      watchers.delete(wake);
      if (watchers.size > 0 || this.#watchers.get(sessionId) !== watchers) return;
      this.#watchers.delete(sessionId);
      this.#seen.delete(sessionId);
    };
  }

  /** The sessions someone here follows right now. */
  watchedSessions(): string[] {
    return [...this.#watchers.keys()];
  }

  async close(): Promise<void> {
    this.#watchers.clear();
    this.#seen.clear();
  }
}
