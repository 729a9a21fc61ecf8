import type { LiveBus } from './live-bus';
import type { LiveEventBody } from './live-event';
import type { SessionEventStore, SessionMark, StoredEvent } from './session-events';
import { SseHub } from './sse-hub';
import { InMemoryStreamSlots, type StreamSlots } from './stream-slots';

/** Where the live events are kept and how instances wake each other: SQLite and in-process, or PostgreSQL. */
export interface LiveBackend {
  store: SessionEventStore;
  bus: LiveBus;
  /** The SSE stream cap's count: default in memory (`npm start`); a cluster's is PostgreSQL's. */
  slots?: StreamSlots;
}

/**
 * The live side of the sessions, whatever the backend: events stored and numbered (then sent to the SSE streams of
 * every instance), changes counted (the long-poll clock), and the watchers woken. Writes of one session leave this
 * instance in the order they were asked for (image:ready before the image:delivering its delivery publishes), one
 * after the other; across instances the store's row lock orders them.
 */
export class LiveEvents {
  readonly hub: SseHub;
  /** The session's SSE stream slots (LIVE.sseStreamsPerSessionMax), on this instance or across the cluster. */
  readonly slots: StreamSlots;
  readonly #backend: LiveBackend;
  readonly #onError: (error: unknown) => void;
  /** The last write asked for per session, which the next one waits for. */
  readonly #tails = new Map<string, Promise<void>>();
  #waitingPolls = 0;

  constructor(backend: LiveBackend, onError: (error: unknown) => void) {
    this.#backend = backend;
    this.#onError = onError;
    this.hub = new SseHub(backend.store, backend.bus, onError);
    this.slots = backend.slots ?? new InMemoryStreamSlots();
  }

  /** Stores the event, moves the session's change clock and wakes its watchers, here and on other instances. */
  publish(sessionId: string, name: string, data: unknown, now: number): Promise<void> {
    return this.#write(sessionId, async () => (await this.#backend.store.append(sessionId, name, data, now))?.mark);
  }

  /**
   * A change whose live event is read first (the photo of an image:ready, from the store): stored and sent when
   * `read` gives one, otherwise only the change clock moves. Queued at once, so it keeps its place among the
   * session's writes however long the read takes.
   */
  record(sessionId: string, read: () => Promise<LiveEventBody | null>, now: number): Promise<void> {
    return this.#write(sessionId, async () => {
      const event = await read();
      if (event === null) return this.#backend.store.touch(sessionId, now);
      return (await this.#backend.store.append(sessionId, event.name, event.data, now))?.mark;
    });
  }

  /** A change without a live event (an acknowledgement, a retry planned): the clock moves, long polls wake. */
  touch(sessionId: string, now: number): Promise<void> {
    return this.#write(sessionId, () => this.#backend.store.touch(sessionId, now));
  }

  /** The session's change clock (0 for an unknown session). */
  async changedAt(sessionId: string): Promise<number> {
    return (await this.#backend.store.marks([sessionId])).get(sessionId)?.changedAt ?? 0;
  }

  /**
   * Calls `listener` with the session's change clock after each change of the session, made on any instance (and,
   * rarely, when nothing changed: a catch-up's first look). Returns the unsubscribe function.
   */
  onSessionChange(sessionId: string, listener: (changedAt: number) => void): () => void {
    this.#waitingPolls += 1;
    const unwatch = this.#backend.bus.watch(sessionId, (mark) => listener(mark.changedAt));
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      this.#waitingPolls -= 1;
      unwatch();
    };
  }

  /** The session's last event number (0 for an unknown session or one without events). */
  async lastSeq(sessionId: string): Promise<number> {
    return (await this.#backend.store.marks([sessionId])).get(sessionId)?.eventSeq ?? 0;
  }

  /** The session's kept events numbered after `afterSeq`, in order, wherever they were stored. */
  since(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    return this.#backend.store.since(sessionId, afterSeq);
  }

  /**
   * Calls `wake` after each change of the session, made on any instance (Socket.IO's rooms follow the stored
   * events this way, as the SSE streams do). Returns the function that stops it.
   */
  watch(sessionId: string, wake: () => void): () => void {
    return this.#backend.bus.watch(sessionId, () => wake());
  }

  /** Long polls waiting right now, all sessions together. */
  get waitingPolls(): number {
    return this.#waitingPolls;
  }

  /** Shutdown: streams ended, every write asked for finished, their slots freed, then the bus closed (the store's pool is not ours). */
  async close(): Promise<void> {
    this.hub.closeAll();
    await Promise.all(this.#tails.values());
    await this.slots.close();
    await this.#backend.bus.close();
  }

  #write(sessionId: string, write: () => Promise<SessionMark | undefined>): Promise<void> {
    const done = (this.#tails.get(sessionId) ?? Promise.resolve())
      .then(write)
      .then((mark) => {
        if (mark !== undefined) this.#backend.bus.announce(sessionId, mark);
      })
      .catch((error: unknown) => this.#onError(error))
      .finally(() => {
        if (this.#tails.get(sessionId) === done) this.#tails.delete(sessionId);
      });
    this.#tails.set(sessionId, done);
    return done;
  }
}
