import { LIVE } from '../limits';

/** Frees a stream's slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

/**
 * The cap of LIVE.sseStreamsPerSessionMax open event streams per session. `npm start` counts in memory (one process
 * is the whole server); a cluster counts every instance's streams in PostgreSQL (server/cluster/pg-stream-slots.ts).
 */
export interface StreamSlots {
  /** One of the session's slots, taken until the release is called; undefined when every slot is taken. */
  take(sessionId: string, now: number): Promise<ReleaseSlot | undefined>;
  /** Shutdown: this instance's slots are all freed (its streams are ending). */
  close(): Promise<void>;
}

/** This process's streams, counted per session. */
export class InMemoryStreamSlots implements StreamSlots {
  readonly #open = new Map<string, number>();

  async take(sessionId: string): Promise<ReleaseSlot | undefined> {
    const open = this.#open.get(sessionId) ?? 0;
    if (open >= LIVE.sseStreamsPerSessionMax) return undefined;
    this.#open.set(sessionId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(sessionId) ?? 1) - 1;
      if (left > 0) this.#open.set(sessionId, left);
      else this.#open.delete(sessionId);
    };
  }

  async close(): Promise<void> {
    this.#open.clear();
  }
}
