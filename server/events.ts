import { EventEmitter } from 'node:events';

/**
 * What happened to a session, published in-process as it happens.
 * Long polling, Server-Sent Events, webhooks and the terminal of `npm start` all listen here;
 * routes only publish. Extend the union when a new kind of change appears.
 */
export type SessionEvent =
  /** A photo passed every check that needs no body and starts arriving (project.upload.started). */
  | { type: 'upload:started'; sessionId: string; contentLength: number | null; encrypted: boolean; at: number }
  | { type: 'image:ready'; sessionId: string; imageId: string; at: number }
  | {
      type: 'image:delivered';
      sessionId: string;
      imageId: string;
      destinationId: string;
      /** For folder destinations: the path the photo was written to. */
      location?: string;
      at: number;
    }
  /** A delivery of the photo starts sending (each attempt, 1 = first). */
  | { type: 'image:delivering'; sessionId: string; imageId: string; destinationId: string; attempt: number; at: number }
  | { type: 'image:failed'; sessionId: string; imageId: string; destinationId: string; error: string; at: number }
  | { type: 'image:acknowledged'; sessionId: string; imageId: string; at: number }
  | { type: 'session:updated'; sessionId: string; at: number }
  | { type: 'session:completed'; sessionId: string; at: number };

export type SessionEventListener = (event: SessionEvent) => void;

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Many long-poll and SSE clients may wait on one session at once.
    this.#emitter.setMaxListeners(0);
  }

  publish(event: SessionEvent): void {
    this.#emitter.emit(event.sessionId, event);
    this.#emitter.emit('*', event);
  }

  /** Listen to one session's events (or '*' for all). Returns the unsubscribe function. */
  subscribe(sessionId: string | '*', listener: SessionEventListener): () => void {
    this.#emitter.on(sessionId, listener);
    return () => this.#emitter.off(sessionId, listener);
  }
}
