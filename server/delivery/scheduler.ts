import { DELIVERY } from '../limits';
import type { SendOutcome } from './send-delivery';

/** Something the scheduler sends: a row of a durable queue table. */
export interface QueueItem {
  id: string;
}

/**
 * A durable queue the scheduler drains: image deliveries (image-queue.ts) and event-webhook deliveries use the
 * same scheduler over their own tables. `record` decides, with the queue's own retry policy, what an outcome means.
 */
export interface DeliveryQueue<T extends QueueItem> {
  /** Start-up: rows a crash left `sending` are due again. */
  recoverCrashed(now: number): void;
  /** Takes up to `limit` due rows and marks them `sending`, counting the attempt, in one transaction. */
  claimDue(now: number, limit: number): T[];
  nextDueAt(): number | null;
  find(id: string): T | undefined;
  /** Stores an attempt's outcome; `interrupted` when shutdown cut it (hand it back uncounted). */
  record(item: T, outcome: SendOutcome, interrupted: boolean, now: number): void;
}

export interface SchedulerOptions<T extends QueueItem> {
  queue: DeliveryQueue<T>;
  now: () => number;
  concurrency?: number;
  send: (item: T, signal: AbortSignal) => Promise<SendOutcome>;
  /** Called after every state change of an item (sending, sent, retrying, failed), with its new state. */
  onChange: (item: T) => void;
  /** A failure of the bookkeeping itself (the database), which no delivery can record. */
  onError?: (error: unknown) => void;
}

/**
 * Runs deliveries from the database: the rows are the queue, so nothing is lost on restart.
 * One timer, set for the next due delivery, and at most `concurrency` sends in flight; finishing a send or
 * planning a new one calls `kick`, which claims what is due and re-arms the timer. No polling loop.
 */
export class DeliveryScheduler<T extends QueueItem> {
  readonly #options: SchedulerOptions<T>;
  readonly #concurrency: number;
  readonly #inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: SchedulerOptions<T>) {
    this.#options = options;
    this.#concurrency = options.concurrency ?? DELIVERY.concurrency;
  }

  /** Resumes what a previous run left (see recoverCrashed) and starts sending. */
  start(): void {
    this.#options.queue.recoverCrashed(this.#options.now());
    this.kick();
  }

  /** Something may be due: claim it, and re-arm the timer for whatever comes next. */
  kick(): void {
    if (this.#stopped) return;
    const { queue, now } = this.#options;
    const free = this.#concurrency - this.#inFlight.size;
    if (free > 0) for (const delivery of queue.claimDue(now(), free)) this.#run(delivery);
    this.#arm();
  }

  /** Stops the timer, aborts sends in flight (handing them back for the next start) and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const running = [...this.#inFlight.values()];
    for (const { controller } of running) controller.abort(new Error('shutting down'));
    await Promise.all(running.map(({ done }) => done));
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight.size >= this.#concurrency) return; // a finishing send kicks again
    const due = this.#options.queue.nextDueAt();
    if (due === null) return;
    const delay = Math.min(Math.max(0, due - this.#options.now()), DELIVERY.maxTimerMs);
    this.#timer = setTimeout(() => this.kick(), delay);
    this.#timer.unref();
  }

  #run(delivery: T): void {
    const controller = new AbortController();
    this.#notify(delivery.id);
    const done = this.#options
      .send(delivery, controller.signal)
      .catch((error: unknown): SendOutcome => ({ kind: 'retry', error: error instanceof Error ? error.message : 'send failed' }))
      .then((outcome) => {
        try {
          this.#options.queue.record(delivery, outcome, controller.signal.aborted && this.#stopped, this.#options.now());
          this.#notify(delivery.id);
        } finally {
          this.#inFlight.delete(delivery.id);
        }
        this.kick();
      })
      .catch((error: unknown) => this.#options.onError?.(error));
    this.#inFlight.set(delivery.id, { controller, done });
  }

  #notify(id: string): void {
    const current = this.#options.queue.find(id);
    if (current !== undefined) this.#options.onChange(current);
  }
}
