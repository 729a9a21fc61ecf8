import type { ServerResponse } from 'node:http';
import { LIVE } from '../limits';
import type { LiveBus } from './live-bus';
import { resumeAfter, type SessionEventStore, type StoredEvent } from './session-events';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Proxies and browsers must neither store nor buffer a live stream (X-Accel-Buffering: nginx).
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const frame = (event: StoredEvent): string => `id: ${event.seq}\nevent: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;

/** One open stream: the last event number written to it, undefined while its replay is still being written. */
interface Stream {
  sent: number | undefined;
}

/** The open streams of one session, and the single read in flight that feeds them all. */
interface Session {
  streams: Map<ServerResponse, Stream>;
  unwatch: () => void;
  reading: boolean;
  readAgain: boolean;
}

/**
 * The open event streams, by session. Events come from the store (session-events.ts), never from memory: a wake of
 * the bus (an event committed here or, in a cluster, on another instance) makes one read of what the session's
 * streams have not had yet, written to each in event-number order, so every stream gets every kept event once, in
 * order, wherever it was appended. One shared timer sends the heartbeat comment (none runs while nobody listens).
 */
export class SseHub {
  readonly #sessions = new Map<string, Session>();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SessionEventStore,
    private readonly bus: LiveBus,
    private readonly onError: (error: unknown) => void,
    private readonly heartbeatMs: number = LIVE.sseHeartbeatMs,
  ) {}

  /**
   * Starts a stream on a raw response: headers, reconnect delay, what the client missed since `lastEventId`
   * (session-events.ts `resumeAfter`), then `connected` (without an id, so the client's Last-Event-ID keeps pointing
   * at the last real event), then live events. The route took the stream's slot of the cap (stream-slots.ts).
   */
  open(sessionId: string, response: ServerResponse, lastEventId: string | undefined, connected: unknown): void {
    response.writeHead(200, SSE_HEADERS);
    response.write(`retry: ${LIVE.sseRetryMs}\n\n`);
    const session = this.#sessions.get(sessionId) ?? this.#follow(sessionId);
    const stream: Stream = { sent: undefined };
    session.streams.set(response, stream);
    this.#startHeartbeat();
    response.once('close', () => this.#drop(sessionId, session, response));
    this.#replay(sessionId, response, stream, lastEventId, connected).then(
      () => this.#read(sessionId, session),
      (error: unknown) => {
        this.onError(error);
        response.end();
      },
    );
  }

  /** Ends every stream (server shutdown): clients reconnect to whichever server comes back. */
  closeAll(): void {
    this.#stopHeartbeat();
    for (const session of this.#sessions.values()) {
      session.unwatch();
      for (const response of session.streams.keys()) response.end();
    }
    this.#sessions.clear();
  }

  get openStreams(): number {
    let count = 0;
    for (const session of this.#sessions.values()) count += session.streams.size;
    return count;
  }

  #follow(sessionId: string): Session {
    const session: Session = { streams: new Map(), unwatch: () => {}, reading: false, readAgain: false };
    this.#sessions.set(sessionId, session);
    session.unwatch = this.bus.watch(sessionId, () => void this.#read(sessionId, session));
    return session;
  }

  async #replay(sessionId: string, response: ServerResponse, stream: Stream, lastEventId: string | undefined, connected: unknown): Promise<void> {
    const lastSeq = (await this.store.marks([sessionId])).get(sessionId)?.eventSeq ?? 0;
    let sent = resumeAfter(lastEventId, lastSeq);
    const missed = await this.store.since(sessionId, sent);
    if (response.writableEnded) return;
    for (const event of missed) response.write(frame(event));
    response.write(`event: connected\ndata: ${JSON.stringify(connected)}\n\n`);
    sent = Math.max(sent, missed.at(-1)?.seq ?? 0);
    stream.sent = sent;
  }

  /**
   * Writes what the session's streams have not had yet. One read at a time per session: a wake during a read asks
   * for another afterwards, so nothing committed meanwhile is left behind.
   */
  async #read(sessionId: string, session: Session): Promise<void> {
    if (session.reading) {
      session.readAgain = true;
      return;
    }
    session.reading = true;
    try {
      do {
        session.readAgain = false;
        const ready = [...session.streams.values()].flatMap((stream) => (stream.sent === undefined ? [] : [stream.sent]));
        if (ready.length === 0) break;
        const events = await this.store.since(sessionId, Math.min(...ready));
        for (const [response, stream] of session.streams) {
          for (const event of events) {
            if (stream.sent === undefined || event.seq <= stream.sent) continue;
            response.write(frame(event));
            stream.sent = event.seq;
          }
        }
      } while (session.readAgain);
    } catch (error) {
      this.onError(error);
    } finally {
      session.reading = false;
    }
  }

  #drop(sessionId: string, session: Session, response: ServerResponse): void {
    session.streams.delete(response);
    if (session.streams.size === 0 && this.#sessions.get(sessionId) === session) {
      session.unwatch();
      this.#sessions.delete(sessionId);
    }
    if (this.#sessions.size === 0) this.#stopHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => {
      for (const session of this.#sessions.values()) for (const response of session.streams.keys()) response.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
