/**
 * server/delivery/: getting the photos out after they arrive: delivery plans, webhook and folder destinations, the
 * scheduler with its retries, and the live events (stored events, SSE hub, long polls). This file is the service that
 * wires them to the event bus; buildApp builds and starts it (`app.qrdrop.delivery`), routes/ serves its status and
 * event stream.
 */
import type { DestinationStore } from '../cluster/destinations';
import type { UploadStore } from '../cluster/store';
import type { Config } from '../config';
import type { Db } from '../db';
import type { EventBus, SessionEvent } from '../events';
import type { PhotoStore } from '../storage/photo-store';
import { planMissing } from './delivery-plan';
import type { LeasedDelivery, LeasedDeliveryQueue } from '../cluster/delivery-queue';
import { SqliteDeliveryQueue } from '../cluster/sqlite-delivery-queue';
import type { Delivery } from './delivery-store';
import { syncFolderDestination } from './destination-store';
import { imageDeliveryQueue } from './image-queue';
import { InProcessLiveBus } from './live-bus';
import { sqliteSessionFiles, type SessionFilesReader } from './delivery-status';
import { readLiveEvent } from './live-event';
import { type LiveBackend, LiveEvents } from './live-events';
import { DeliveryScheduler } from './scheduler';
import { sendDelivery } from './send-delivery';
import { SqliteSessionEvents } from './sqlite-session-events';

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
  photos: PhotoStore;
  /** The rows a send reads (destination, photo, session): SQLite's stores, or PostgreSQL's in a cluster. */
  destinations: DestinationStore;
  /** Sessions and images (a send reads its photo's row; the live events read the photo of an image:ready there). */
  uploads: UploadStore;
  /** delivery-status's read of a session's photos and deliveries. Default: `db`; a cluster passes PostgreSQL's. */
  sessionFiles?: SessionFilesReader;
  /**
   * The photo deliveries as a leased queue. Default: `db`'s, under one fixed name (`npm start`); a cluster passes
   * PostgreSQL's (server/cluster/pg-delivery-queue.ts) under the instance's own name, so leases say who holds them.
   */
  queue?: LeasedDeliveryQueue;
  /** How often the scheduler sweeps lapsed leases (default DELIVERY.leaseSweepMs; the cluster tests shorten it). */
  leaseSweepMs?: number;
  /**
   * Where live events are stored and how instances wake each other. Default: `db` and an in-process bus (`npm
   * start`); a cluster passes PostgreSQL's (server/cluster/pg-session-events.ts, pg-live-bus.ts). Closed with the service.
   */
  live?: LiveBackend;
}

/**
 * Everything that follows a photo's arrival, wired to the EventBus:
 *  image:ready (its deliveries were planned in the upload's own transaction) → scheduler sends them →
 *  image:delivered / image:failed;
 *  every event → stored with the session's next event number (live-events.ts), then the SSE streams and the long
 *  polls of that session, on every instance, are woken.
 * Routes only read from here; nothing else publishes delivery events.
 */
export class DeliveryService {
  readonly live: LiveEvents;
  readonly sessionFiles: SessionFilesReader;
  readonly #context: DeliveryContext;
  readonly #scheduler: DeliveryScheduler<LeasedDelivery>;
  readonly #queue: LeasedDeliveryQueue;
  readonly #closing = new AbortController();
  #unsubscribe: (() => void) | undefined;

  constructor(
    context: DeliveryContext,
    private readonly logError: (error: unknown, what: string) => void,
  ) {
    this.#context = context;
    const { config, db, photos, destinations, uploads, now } = context;
    this.sessionFiles = context.sessionFiles ?? sqliteSessionFiles(db);
    this.live = new LiveEvents(context.live ?? { store: new SqliteSessionEvents(db), bus: new InProcessLiveBus() }, (error) =>
      logError(error, 'live event bookkeeping failed'),
    );
    this.#queue = context.queue ?? new SqliteDeliveryQueue(db, { instanceId: SINGLE_NODE_INSTANCE, retryBaseMs: config.webhookRetryBaseMs });
    this.#scheduler = new DeliveryScheduler({
      queue: imageDeliveryQueue(this.#queue),
      now,
      ...(context.leaseSweepMs === undefined ? {} : { leaseSweepMs: context.leaseSweepMs }),
      send: (delivery, signal) =>
        sendDelivery(
          {
            destinations,
            uploads,
            photos,
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
    const { db, config, now } = this.#context;
    syncFolderDestination(db, config.deliveryFolder, now());
    planMissing(db, config.deliveryFolder !== null, now());
    this.#unsubscribe ??= this.#context.events.subscribe('*', (event) => this.#handle(event));
    this.#scheduler.start();
  }

  /** Shutdown: streams ended, long polls answered, sends in flight handed back for the next start. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#closing.abort();
    this.hub.closeAll();
    await this.#scheduler.stop();
    await this.live.close();
  }

  /** How many destinations one photo goes to (the upload's 201 says it): its planned deliveries. */
  countImageDeliveries(imageId: string): Promise<number> {
    return this.#queue.countOfImage(imageId);
  }

  /** The open event streams (routes/session-events.ts). */
  get hub(): LiveEvents['hub'] {
    return this.live.hub;
  }

  /** Aborted when the server is closing: long polls answer at once instead of holding the shutdown. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  /** Long polls waiting right now, all sessions together. */
  get waitingPolls(): number {
    return this.live.waitingPolls;
  }

  // Runs inside the publisher's call (the upload route, say): it must never throw back into it.
  #handle(event: SessionEvent): void {
    try {
      const { now, uploads } = this.#context;
      // The event is queued before the kick: a send starting publishes image:delivering from inside it. A photo only
      // starting to arrive changes nothing a delivery-status poll reports: image:ready will.
      if (event.type !== 'upload:started') void this.live.record(event.sessionId, () => readLiveEvent(uploads, event), now());
      if (event.type === 'image:ready') {
        void this.#queue
          .countOfImage(event.imageId)
          .then((count) => {
            if (count > 0) this.#scheduler.kick();
          })
          .catch((error: unknown) => this.logError(error, 'could not count the deliveries of a new photo'));
      }
    } catch (error) {
      this.logError(error, `could not process ${event.type}`);
    }
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
      void this.live.touch(delivery.sessionId, now());
    }
  }
}
