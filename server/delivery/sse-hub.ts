import type { ServerResponse } from 'node:http';
import { LIVE } from '../limits';
import type { EventLog, LiveEvent } from './event-log';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Proxies and browsers must neither store nor buffer a live stream (X-Accel-Buffering: nginx).
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const frame = (event: LiveEvent): string => `id: ${event.id}\nevent: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;

/**
 * The open event streams, by session. Events are appended to the replay log and written to every stream of
 * their session; one shared timer sends the heartbeat comment to all streams (none runs while nobody listens).
 */
export class SseHub {
  readonly #streams = new Map<string, Set<ServerResponse>>();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly heartbeatMs: number = LIVE.sseHeartbeatMs,
  ) {}

  publish(sessionId: string, name: string, data: unknown): void {
    const event = this.log.append(sessionId, name, data);
    for (const stream of this.#streams.get(sessionId) ?? []) stream.write(frame(event));
  }

  /**
   * Starts a stream on a raw response: headers, reconnect delay, what the client missed since `lastEventId`,
   * then `connected` (without an id, so the client's Last-Event-ID keeps pointing at the last real event).
   */
  open(sessionId: string, response: ServerResponse, lastEventId: string | undefined, connected: unknown): void {
    response.writeHead(200, SSE_HEADERS);
    response.write(`retry: ${LIVE.sseRetryMs}\n\n`);
    for (const event of this.log.since(sessionId, lastEventId)) response.write(frame(event));
    response.write(`event: connected\ndata: ${JSON.stringify(connected)}\n\n`);

    const streams = this.#streams.get(sessionId) ?? new Set<ServerResponse>();
    streams.add(response);
    this.#streams.set(sessionId, streams);
    this.#startHeartbeat();
    response.once('close', () => {
      streams.delete(response);
      if (streams.size === 0) this.#streams.delete(sessionId);
      if (this.#streams.size === 0) this.#stopHeartbeat();
    });
  }

  /** Ends every stream (server shutdown): clients reconnect to whichever server comes back. */
  closeAll(): void {
    this.#stopHeartbeat();
    for (const streams of this.#streams.values()) for (const stream of streams) stream.end();
    this.#streams.clear();
  }

  streamsOf(sessionId: string): number {
    return this.#streams.get(sessionId)?.size ?? 0;
  }

  get openStreams(): number {
    let count = 0;
    for (const streams of this.#streams.values()) count += streams.size;
    return count;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => {
      for (const streams of this.#streams.values()) for (const stream of streams) stream.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
