/**
 * Where the fixed-window counters of rate limits and password guesses live: the RateWindowStore interface, and its
 * memory implementation (`npm start`, one process). Cluster mode keeps them in PostgreSQL instead
 * (server/cluster/pg-rate-windows.ts), so every instance counts against the same windows. One contract suite runs on
 * both (server/cluster/rate-windows-contract.ts).
 */
import { RATE_LIMITS } from './limits';

/** A bucket's current window: the hits counted in it so far, and when it ends (ms since epoch). */
export interface RateWindow {
  count: number;
  resetAt: number;
}

/** One hit to count: its bucket, and the length of the window it starts when the bucket has none running. */
export interface WindowHit {
  bucket: string;
  windowMs: number;
}

export interface RateWindowStore {
  /**
   * Counts one hit in each bucket (distinct buckets), all at once: in the bucket's running window, or in a new one
   * of `windowMs` from `now` where the last has ended. Returns the windows after the hits, in the order given. Every
   * hit is counted, refused or not: the store knows no limits, and however many callers hit at once, each gets its
   * own count.
   */
  add(hits: readonly WindowHit[], now: number): Promise<RateWindow[]>;
  /** The bucket's running window, without counting; undefined when it has none. */
  read(bucket: string, now: number): Promise<RateWindow | undefined>;
  /** Takes one hit back from each bucket's running window, never below 0; an ended window is left alone. */
  takeBack(buckets: readonly string[], now: number): Promise<void>;
}

/** The windows of one process, in a Map; windows that ended are swept so memory stays bounded by active buckets. */
export class MemoryRateWindows implements RateWindowStore {
  readonly #windows = new Map<string, RateWindow>();
  #lastSweep = 0;

  async add(hits: readonly WindowHit[], now: number): Promise<RateWindow[]> {
    this.#sweep(now);
    return hits.map(({ bucket, windowMs }) => {
      let window = this.#running(bucket, now);
      if (window === undefined) {
        window = { count: 0, resetAt: now + windowMs };
        this.#windows.set(bucket, window);
      }
      window.count++;
      return { ...window };
    });
  }

  async read(bucket: string, now: number): Promise<RateWindow | undefined> {
    const window = this.#running(bucket, now);
    return window === undefined ? undefined : { ...window };
  }

  async takeBack(buckets: readonly string[], now: number): Promise<void> {
    for (const bucket of buckets) {
      const window = this.#running(bucket, now);
      if (window !== undefined && window.count > 0) window.count--;
    }
  }

  #running(bucket: string, now: number): RateWindow | undefined {
    const window = this.#windows.get(bucket);
    return window === undefined || window.resetAt <= now ? undefined : window;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < RATE_LIMITS.windowSweepMs) return;
    this.#lastSweep = now;
    for (const [bucket, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(bucket);
  }
}
