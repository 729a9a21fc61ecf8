/**
 * The uploads being handled right now. Shutdown waits for them: each either commits (file and row) or cleans up
 * its incoming file, so closing the database under one of them cannot leave half of a photo behind.
 */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  get size(): number {
    return this.#running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    const forget = () => this.#running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once everything running now, and anything started meanwhile, has finished. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
