import type { DeliveryQueue } from '../delivery/scheduler';
import type { AttemptDetail, EventDelivery } from '../integrator/event-delivery-store';
import type { Topic } from '../integrator/event-topics';
import type { EventWebhook, EventWebhookSettings } from '../integrator/event-webhook-store';

/** A session whose expiry is being announced (project.session.expired), with what the event tells of it. */
export interface ExpiredSession {
  id: string;
  apiKeyId: string;
  tags: string[];
  label: string | null;
  imagesCount: number;
  expiresAt: number;
}

export type WebhookChange = Partial<EventWebhookSettings> & { isActive?: boolean };

/**
 * Event webhooks (project.upload.*, project.session.*) and their deliveries, asynchronous so that one interface
 * covers SQLite (today's synchronous functions in integrator/event-webhook-store.ts and event-delivery-store.ts,
 * behind sqlite-event-webhooks.ts) and PostgreSQL (pg-event-webhooks.ts, its deliveries claimed under a lease). The
 * routes (`/api/v1/projects/{id}/webhooks`) and the EventWebhookService reach it as `context.eventWebhooks`; the
 * same contract tests run on both (event-webhooks.cluster.test.ts).
 */
export interface EventWebhookStore {
  create(apiKeyId: string, settings: EventWebhookSettings, now: number): Promise<EventWebhook>;
  /** A live (not deleted) webhook by id, whichever key owns it. */
  find(id: string): Promise<EventWebhook | undefined>;
  /** The key's live webhooks, oldest first. */
  listOfKey(apiKeyId: string): Promise<EventWebhook[]>;
  /** Saves the settings; switching a webhook on again clears its failure count and disabledAt. */
  save(hook: EventWebhook, change: WebhookChange, now: number): Promise<EventWebhook>;
  /** Soft delete: the webhook receives nothing more, its deliveries' history stays. */
  delete(id: string, now: number): Promise<void>;
  /**
   * Records the event and queues one delivery for every receiving webhook of the key (live, on, not disabled)
   * subscribed to `topic`, in one transaction. Returns how many were queued (0: nothing is recorded).
   */
  publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>, now: number): Promise<number>;
  /** `POST …/webhooks/{id}/test`: one `webhook.test` event for this webhook alone, queued like any other. */
  publishTest(hook: EventWebhook, now: number): Promise<void>;
  /**
   * project.session.expired for every session of a key that reached its expiry uncompleted since the last sweep
   * (integrator/session-expiry.ts: once per expiry, within the look-back), in one transaction with the marks that
   * say it was announced; `dataOf` writes the event. However many instances sweep at once, each expiry is announced
   * once. Returns the number of sessions announced.
   */
  announceExpired(now: number, dataOf: (session: ExpiredSession) => Record<string, unknown>): Promise<number>;
  findDelivery(id: string): Promise<EventDelivery | undefined>;
  /** A webhook's deliveries, newest first, and how many it has in all. */
  listDeliveries(webhookId: string, limit: number, offset: number): Promise<{ rows: EventDelivery[]; total: number }>;
  /** The retry route: due now with a fresh set of retries; false while it is being sent (or does not exist). */
  requeue(id: string, now: number): Promise<boolean>;
  /**
   * The deliveries as the scheduler's queue. `details` carries what each send saw (status code, answer, duration),
   * handed over by the sender keyed by delivery id, which `record` writes with the outcome.
   */
  queue(details: Map<string, AttemptDetail>): DeliveryQueue<EventDelivery>;
  /** How often the scheduler sweeps for lost sends (undefined: DELIVERY.leaseSweepMs; the cluster tests shorten it). */
  readonly leaseSweepMs?: number;
}
