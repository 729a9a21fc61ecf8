import type { Destination, DestinationChange, NewWebhook } from '../delivery/destination-store';

/**
 * The webhook destinations of each key, asynchronous so that one interface covers SQLite (today's synchronous store,
 * delivery/destination-store.ts, behind sqlite-destinations.ts) and PostgreSQL (pg-destinations.ts). The routes
 * (`/api/v1/destinations`, `/api/v1/projects/{id}/destinations`), the session views and the delivery sender reach it
 * as `context.destinations`; the same contract tests run on both (destinations.cluster.test.ts).
 */
export interface DestinationStore {
  /** A new webhook of the key, with a fresh signing secret. */
  createWebhook(input: NewWebhook, now: number): Promise<Destination>;
  /** Any destination by id, deleted ones included (a delivery's history still names them). */
  find(id: string): Promise<Destination | undefined>;
  /** The key's live (not deleted) destinations, oldest first. */
  listOfKey(apiKeyId: string): Promise<Destination[]>;
  /** Soft delete; false when the key owns no such live destination (a 404: another key's ids look missing). */
  delete(apiKeyId: string, id: string, now: number): Promise<boolean>;
  /** Applies `change` to a live destination of the key; undefined when the key owns no such destination. */
  update(apiKeyId: string, id: string, change: DestinationChange, now: number): Promise<Destination | undefined>;
  /** Makes exactly `ids` the key's defaults; false, changing nothing, when one is not a live destination of the key. */
  setDefaults(apiKeyId: string, ids: readonly string[], now: number): Promise<boolean>;
}
