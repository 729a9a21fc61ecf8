import { DELIVERY } from '../limits';
import type { SendOutcome } from './send-delivery';

/** Something the scheduler sends: a row of a durable queue table. */
export interface QueueItem {
  id: string;
}

/**
 * A durable queue the scheduler drains: image deliveries (image-queue.ts, on the lease queue of server/cluster/) and
 * event-webhook deliveries use the same scheduler over their own tables. `record` decides, with the queue's own
 * retry policy, what an outcome means.
 */
export interface DeliveryQueue<T extends QueueItem> {
  /**
   * Rows whose sender is gone, due again with the attempt counted: at start (`starting`: what an earlier run of
   * this instance left `sending`) and every DELIVERY.leaseSweepMs (sends whose lease lapsed). Returns them.
   */
  recoverLost(now: number, starting: boolean): Promise<T[]>;
  /** Takes up to `limit` due rows and marks them `sending` for this instance, counting the attempt. */
  claimDue(now: number, limit: number): Promise<T[]>;
  nextDueAt(): Promise<number | null>;
  find(id: string): Promise<T | undefined>;
  /**
   * Stores an attempt's outcome; `interrupted` when shutdown cut it (hand it back uncounted). False when nothing
   * was written because the claim had been lost (its lease lapsed and another attempt took over).
   */
  record(item: T, outcome: SendOutcome, interrupted: boolean, now: number): Promise<boolean>;
}

export interface SchedulerOptions<T extends QueueItem> {
  queue: DeliveryQueue<T>;
  now: () => number;
  concurrency?: number;
  /** How often to look for lost sends (DELIVERY.leaseSweepMs). */
  leaseSweepMs?: number;
  send: (item: T, signal: AbortSignal) => Promise<SendOutcome>;
  /** Called after every state change of an item (sending, sent, retrying, failed), with its new state. */
  onChange: (item: T) => void;
  /** A failure of the bookkeeping itself (the database), which no delivery can record. */
  onError?: (error: unknown) => void;
}

/**
 * Runs deliveries from the database: the rows are the queue, so nothing is lost on restart, and several instances
 * can drain one queue (each claim is this instance's alone). One timer, set for the next due delivery, and at most
 * `concurrency` sends in flight; finishing a send or planning a new one calls `kick`, which claims what is due and
 * re-arms the timer. A slow interval sweeps the sends whose instance died. Claims and sweeps run one at a time, so
 * the count of free slots a claim uses is never stale.
 */
export class DeliveryScheduler<T extends QueueItem> {
  readonly #options: SchedulerOptions<T>;
  readonly #concurrency: number;
  readonly #inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #timer: NodeJS.Timeout | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #stopped = false;
  #work: Promise<void> = Promise.resolve();
  #kickQueued = false;

  constructor(options: SchedulerOptions<T>) {
    this.#options = options;
    this.#concurrency = options.concurrency ?? DELIVERY.concurrency;
  }

  /** Takes back what an earlier run left `sending`, starts sending, and sweeps lapsed leases from then on. */
  start(): void {
    this.#serially(() => this.#recover(true));
    this.kick();
    this.#sweeper = setInterval(() => this.#serially(() => this.#recover(false)), this.#options.leaseSweepMs ?? DELIVERY.leaseSweepMs);
    this.#sweeper.unref();
  }

  /** Something may be due: claim it, and re-arm the timer for whatever comes next. */
  kick(): void {
    if (this.#stopped || this.#kickQueued) return;
    this.#kickQueued = true;
    this.#serially(async () => {
      this.#kickQueued = false;
      if (this.#stopped) return;
      const { queue, now } = this.#options;
      const free = this.#concurrency - this.#inFlight.size;
      if (free > 0) for (const delivery of await queue.claimDue(now(), free)) this.#run(delivery);
      await this.#arm();
    });
  }

  /** Stops the timers, aborts sends in flight (handing them back for the next start) and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#sweeper);
    // A claim under way finishes first: its sends start, and are aborted with the others.
    await this.#work;
    const running = [...this.#inFlight.values()];
    for (const { controller } of running) controller.abort(new Error('shutting down'));
    await Promise.all(running.map(({ done }) => done));
  }

  #serially(task: () => Promise<void>): void {
    this.#work = this.#work.then(task).catch((error: unknown) => this.#options.onError?.(error));
  }

  async #recover(starting: boolean): Promise<void> {
    if (this.#stopped) return;
    const lost = await this.#options.queue.recoverLost(this.#options.now(), starting);
    for (const item of lost) this.#options.onChange(item);
    // Claims what came due meanwhile too: another instance may have handed sends back (its shutdown releases them).
    this.kick();
  }

  async #arm(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight.size >= this.#concurrency) return; // a finishing send kicks again
    const due = await this.#options.queue.nextDueAt();
    if (due === null || this.#stopped) return;
    const delay = Math.min(Math.max(0, due - this.#options.now()), DELIVERY.maxTimerMs);
    this.#timer = setTimeout(() => this.kick(), delay);
    this.#timer.unref();
  }

  #run(delivery: T): void {
    const { queue, now, onChange } = this.#options;
    const controller = new AbortController();
    onChange(delivery);
    const done = this.#options
      .send(delivery, controller.signal)
      .catch((error: unknown): SendOutcome => ({ kind: 'retry', error: error instanceof Error ? error.message : 'send failed' }))
      .then(async (outcome) => {
        try {
          // A lost claim changed nothing here: the attempt that took over reports its own changes.
          if (await queue.record(delivery, outcome, controller.signal.aborted && this.#stopped, now())) {
            const current = await queue.find(delivery.id);
            if (current !== undefined) onChange(current);
          }
        } finally {
          this.#inFlight.delete(delivery.id);
        }
        this.kick();
      })
      .catch((error: unknown) => this.#options.onError?.(error));
    this.#inFlight.set(delivery.id, { controller, done });
  }
}
