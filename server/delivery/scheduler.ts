import type { Db } from '../db';
import { DELIVERY } from '../limits';
import {
  claimDue,
  type Delivery,
  findDelivery,
  markFailed,
  markRetrying,
  markSent,
  nextDueAt,
  recoverCrashed,
  releaseInterrupted,
} from './delivery-store';
import { mayRetry, retryDelayMs } from './retry-delay';
import type { SendOutcome } from './send-delivery';

export interface SchedulerOptions {
  db: Db;
  now: () => number;
  retryBaseMs: number;
  concurrency?: number;
  send: (delivery: Delivery, signal: AbortSignal) => Promise<SendOutcome>;
  /** Called after every state change of a delivery (sending, sent, retrying, failed), with its new state. */
  onChange: (delivery: Delivery) => void;
  random?: () => number;
  /** A failure of the bookkeeping itself (the database), which no delivery can record. */
  onError?: (error: unknown) => void;
}

/**
 * Runs deliveries from the database: the rows are the queue, so nothing is lost on restart.
 * One timer, set for the next due delivery, and at most `concurrency` sends in flight; finishing a send or
 * planning a new one calls `kick`, which claims what is due and re-arms the timer. No polling loop.
 */
export class DeliveryScheduler {
  readonly #options: SchedulerOptions;
  readonly #concurrency: number;
  readonly #inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#concurrency = options.concurrency ?? DELIVERY.concurrency;
  }

  /** Resumes what a previous run left (see recoverCrashed) and starts sending. */
  start(): void {
    recoverCrashed(this.#options.db, this.#options.now());
    this.kick();
  }

  /** Something may be due: claim it, and re-arm the timer for whatever comes next. */
  kick(): void {
    if (this.#stopped) return;
    const { db, now } = this.#options;
    const free = this.#concurrency - this.#inFlight.size;
    if (free > 0) for (const delivery of claimDue(db, now(), free)) this.#run(delivery);
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
    const due = nextDueAt(this.#options.db);
    if (due === null) return;
    const delay = Math.min(Math.max(0, due - this.#options.now()), DELIVERY.maxTimerMs);
    this.#timer = setTimeout(() => this.kick(), delay);
    this.#timer.unref();
  }

  #run(delivery: Delivery): void {
    const controller = new AbortController();
    this.#notify(delivery.id);
    const done = this.#options
      .send(delivery, controller.signal)
      .catch((error: unknown): SendOutcome => ({ kind: 'retry', error: error instanceof Error ? error.message : 'send failed' }))
      .then((outcome) => {
        try {
          this.#record(delivery, outcome, controller.signal.aborted && this.#stopped);
          this.#notify(delivery.id);
        } finally {
          this.#inFlight.delete(delivery.id);
        }
        this.kick();
      })
      .catch((error: unknown) => this.#options.onError?.(error));
    this.#inFlight.set(delivery.id, { controller, done });
  }

  #record(delivery: Delivery, outcome: SendOutcome, interrupted: boolean): void {
    const { db, now, retryBaseMs, random } = this.#options;
    const at = now();
    if (outcome.kind === 'sent') markSent(db, delivery.id, outcome.location, at);
    else if (interrupted) releaseInterrupted(db, delivery.id, at);
    else if (outcome.kind === 'retry' && mayRetry(delivery.attempts)) {
      markRetrying(db, delivery.id, outcome.error, at + retryDelayMs(delivery.attempts, retryBaseMs, random), at);
    } else markFailed(db, delivery.id, outcome.error, at);
  }

  #notify(id: string): void {
    const current = findDelivery(this.#options.db, id);
    if (current !== undefined) this.#options.onChange(current);
  }
}
