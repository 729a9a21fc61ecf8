import type { Db } from '../db';
import type { DeliveryQueue } from '../delivery/scheduler';
import {
  type AttemptDetail,
  type EventDelivery,
  eventDeliveryQueue,
  findEventDelivery,
  listEventDeliveries,
  queueEvent,
  requeueEventDelivery,
} from '../integrator/event-delivery-store';
import { fanOut, testEventData } from '../integrator/event-fanout';
import type { Topic } from '../integrator/event-topics';
import {
  createEventWebhook,
  deleteEventWebhook,
  type EventWebhook,
  type EventWebhookSettings,
  findEventWebhook,
  listEventWebhooks,
  receivingWebhooks,
  saveEventWebhook,
} from '../integrator/event-webhook-store';
import { takeExpiredSessions } from '../integrator/session-expiry';
import { countImages, findSession } from '../session/session-store';
import type { EventWebhookStore, ExpiredSession, WebhookChange } from './event-webhooks';

/**
 * The EventWebhookStore of `npm start`: today's synchronous SQLite functions, unchanged, behind promises. One
 * process owns the queue, so its deliveries have no lease (a start takes back what a crash left `sending`).
 */
export class SqliteEventWebhookStore implements EventWebhookStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  create(apiKeyId: string, settings: EventWebhookSettings, now: number): Promise<EventWebhook> {
    return this.#run(() => createEventWebhook(this.#db, apiKeyId, settings, now));
  }

  find(id: string): Promise<EventWebhook | undefined> {
    return this.#run(() => findEventWebhook(this.#db, id));
  }

  listOfKey(apiKeyId: string): Promise<EventWebhook[]> {
    return this.#run(() => listEventWebhooks(this.#db, apiKeyId));
  }

  save(hook: EventWebhook, change: WebhookChange, now: number): Promise<EventWebhook> {
    return this.#run(() => saveEventWebhook(this.#db, hook, change, now));
  }

  delete(id: string, now: number): Promise<void> {
    return this.#run(() => deleteEventWebhook(this.#db, id, now));
  }

  publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>, now: number): Promise<number> {
    return this.#run(() => this.#publish(apiKeyId, topic, data, now));
  }

  publishTest(hook: EventWebhook, now: number): Promise<void> {
    const data = testEventData(hook);
    return this.#run(() => void queueEvent(this.#db, hook.apiKeyId, 'webhook.test', data, fanOut([hook], 'webhook.test', data, now), now));
  }

  announceExpired(now: number, dataOf: (session: ExpiredSession) => Record<string, unknown>): Promise<number> {
    const db = this.#db;
    return this.#run(() =>
      // The marks and the deliveries commit together: a crash loses neither.
      db.transaction(() => {
        let announced = 0;
        for (const id of takeExpiredSessions(db, now)) {
          const session = findSession(db, id);
          if (session?.apiKeyId == null) continue;
          const expired = { id, apiKeyId: session.apiKeyId, tags: session.tags, label: session.label, imagesCount: countImages(db, id), expiresAt: session.expiresAt };
          this.#publish(session.apiKeyId, 'project.session.expired', dataOf(expired), now);
          announced++;
        }
        return announced;
      })(),
    );
  }

  findDelivery(id: string): Promise<EventDelivery | undefined> {
    return this.#run(() => findEventDelivery(this.#db, id));
  }

  listDeliveries(webhookId: string, limit: number, offset: number): Promise<{ rows: EventDelivery[]; total: number }> {
    return this.#run(() => listEventDeliveries(this.#db, webhookId, limit, offset));
  }

  requeue(id: string, now: number): Promise<boolean> {
    return this.#run(() => requeueEventDelivery(this.#db, id, now));
  }

  queue(details: Map<string, AttemptDetail>): DeliveryQueue<EventDelivery> {
    return eventDeliveryQueue(this.#db, details);
  }

  #publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>, now: number): number {
    return queueEvent(this.#db, apiKeyId, topic, data, fanOut(receivingWebhooks(this.#db, apiKeyId), topic, data, now), now);
  }

  /** A synchronous call as a promise: a throw becomes a rejection, as with PostgreSQL. */
  #run<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }
}
