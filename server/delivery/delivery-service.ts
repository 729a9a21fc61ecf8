/**
 * server/delivery/: getting the photos out after they arrive: delivery plans, webhook and folder destinations, the
 * scheduler with its retries, and the live events (SSE hub, event log, long polls). This file is the service that
 * wires them to the event bus; buildApp builds and starts it (`app.qrdrop.delivery`), routes/ serves its status and
 * event stream.
 */
import { EventEmitter } from 'node:events';
import type { Config } from '../config';
import type { DataPaths } from '../data-paths';
import type { Db } from '../db';
import type { EventBus, SessionEvent } from '../events';
import { planMissing } from './delivery-plan';
import type { LeasedDelivery } from '../cluster/delivery-queue';
import { SqliteDeliveryQueue } from '../cluster/sqlite-delivery-queue';
import { countImageDeliveries, type Delivery } from './delivery-store';
import { syncFolderDestination } from './destination-store';
import { EventLog } from './event-log';
import { imageDeliveryQueue } from './image-queue';
import { liveEventOf } from './live-event';
import { DeliveryScheduler } from './scheduler';
import { sendDelivery } from './send-delivery';
import { SseHub } from './sse-hub';

/**
 * The name the deliveries are claimed under. `npm start` and `npm run serve` are one process on their SQLite file,
 * under the same name across restarts, so a start takes back at once what a crash of the last run left `sending`.
 */
const SINGLE_NODE_INSTANCE = 'local';

/** The parts of the app the service works with (buildApp builds it, then puts it in the app context). */
export interface DeliveryContext {
  config: Config;
  db: Db;
  events: EventBus;
  now: () => number;
  paths: DataPaths;
}

/**
 * Everything that follows a photo's arrival, wired to the EventBus:
 *  image:ready (its deliveries were planned in the upload's own transaction) → scheduler sends them →
 *  image:delivered / image:failed;
 *  every event → the SSE streams of its session, and a wake-up for the long polls waiting on that session.
 * Routes only read from here; nothing else publishes delivery events.
 */
export class DeliveryService {
  readonly hub = new SseHub(new EventLog());
  readonly #context: DeliveryContext;
  readonly #scheduler: DeliveryScheduler<LeasedDelivery>;
  /** Per-session "something changed" signal for long polls (emitted after the change is in the database). */
  readonly #changes = new EventEmitter();
  readonly #closing = new AbortController();
  #unsubscribe: (() => void) | undefined;

  constructor(
    context: DeliveryContext,
    private readonly logError: (error: unknown, what: string) => void,
  ) {
    this.#context = context;
    this.#changes.setMaxListeners(0);
    const { config, db, paths, now } = context;
    this.#scheduler = new DeliveryScheduler({
      queue: imageDeliveryQueue(new SqliteDeliveryQueue(db, { instanceId: SINGLE_NODE_INSTANCE, retryBaseMs: config.webhookRetryBaseMs })),
      now,
      send: (delivery, signal) =>
        sendDelivery(
          {
            db,
            paths,
            webhookAllowPrivate: config.webhookAllowPrivate,
            publicUrl: config.publicUrl,
            deliveryFolder: config.deliveryFolder,
          },
          delivery,
          signal,
        ),
      onChange: (delivery) => this.#deliveryChanged(delivery),
      onError: (error) => logError(error, 'delivery bookkeeping failed'),
    });
  }

  /** Start-up: folder row in step with DELIVERY_FOLDER, photos that missed planning planned, then resume sending. */
  start(): void {
    const { db, config, now, events } = this.#context;
    syncFolderDestination(db, config.deliveryFolder, now());
    planMissing(db, config.deliveryFolder !== null, now());
    this.#unsubscribe = events.subscribe('*', (event) => this.#handle(event));
    this.#scheduler.start();
  }

  /** Shutdown: streams ended, long polls answered, sends in flight handed back for the next start. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#closing.abort();
    this.hub.closeAll();
    await this.#scheduler.stop();
  }

  /** Aborted when the server is closing: long polls answer at once instead of holding the shutdown. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  /** Calls `listener` after each change of the session. Returns the unsubscribe function. */
  onSessionChange(sessionId: string, listener: () => void): () => void {
    this.#changes.on(sessionId, listener);
    return () => this.#changes.off(sessionId, listener);
  }

  /** Long polls waiting right now, all sessions together. */
  get waitingPolls(): number {
    return this.#changes.eventNames().reduce((sum, name) => sum + this.#changes.listenerCount(name), 0);
  }

  // Runs inside the publisher's call (the upload route, say): it must never throw back into it.
  #handle(event: SessionEvent): void {
    try {
      const { db } = this.#context;
      // The stream gets the event before the kick: a send starting publishes image:delivering from inside it.
      const live = liveEventOf(db, event);
      if (live !== null) this.hub.publish(event.sessionId, live.name, live.data);
      if (event.type === 'image:ready' && countImageDeliveries(db, event.imageId) > 0) this.#scheduler.kick();
    } catch (error) {
      this.logError(error, `could not process ${event.type}`);
    }
    // A photo only starting to arrive changes nothing a delivery-status poll reports: image:ready will.
    if (event.type !== 'upload:started') this.#changes.emit(event.sessionId);
  }

  #deliveryChanged(delivery: Delivery): void {
    const { events, now } = this.#context;
    const base = { sessionId: delivery.sessionId, imageId: delivery.imageId, destinationId: delivery.destinationId, at: now() };
    if (delivery.status === 'sent') {
      // Only the folder destination has a location: the path it wrote (for the terminal of `npm start`).
      events.publish({ type: 'image:delivered', ...base, ...(delivery.location !== null ? { location: delivery.location } : {}) });
    } else if (delivery.status === 'failed') {
      events.publish({ type: 'image:failed', ...base, error: delivery.lastError ?? 'failed' });
    } else if (delivery.status === 'sending') {
      events.publish({ type: 'image:delivering', ...base, attempt: delivery.attempts });
    } else {
      // retrying is not a bus event, but it is a change a long poll must see.
      this.#changes.emit(delivery.sessionId);
    }
  }
}
