import type { ApiKeyStore } from './cluster/api-key-store';
import type { ListStore } from './cluster/list-store';
import type { DestinationStore } from './cluster/destinations';
import type { EventWebhookStore } from './cluster/event-webhooks';
import type { ShortLinkStore } from './cluster/short-link-store';
import type { UploadStore } from './cluster/store';
import type { Config } from './config';
import type { DataPaths } from './data-paths';
import type { Db } from './db';
import type { DeliveryService } from './delivery/delivery-service';
import type { ServerKey } from './encryption/server-key';
import type { EventBus } from './events';
import type { RateLimiter } from './rate-limit';
import type { PasswordGuesses } from './session/password-guesses';
import type { PhotoStore } from './storage/photo-store';

/** What every route needs, built once per app and reachable as `app.qrdrop`. */
export interface AppContext {
  config: Config;
  db: Db;
  /** Sessions and images of the upload path: SQLite (SqliteUploadStore) or, in a cluster, PostgreSQL (PgUploadStore). */
  uploads: UploadStore;
  /** What a key reads back (its sessions, photos, stats): SQLite (SqliteListStore) or PostgreSQL (PgListStore). */
  lists: ListStore;
  /** The keys' webhook destinations: SQLite (SqliteDestinationStore) or, in a cluster, PostgreSQL (PgDestinationStore). */
  destinations: DestinationStore;
  /** Event webhooks and their deliveries: SQLite (SqliteEventWebhookStore) or PostgreSQL (PgEventWebhookStore, leased). */
  eventWebhooks: EventWebhookStore;
  /** API keys as rows (created by API, and the configured ones): SQLite (SqliteApiKeyStore) or PostgreSQL (PgApiKeyStore). */
  apiKeys: ApiKeyStore;
  /** Short links (`short_url`, `/l/…`): SQLite (SqliteShortLinkStore) or PostgreSQL (PgShortLinkStore). */
  shortLinks: ShortLinkStore;
  /** The photo bytes: the data folder (DiskPhotoStore) or, in a cluster, an S3-compatible bucket (S3PhotoStore). */
  photos: PhotoStore;
  events: EventBus;
  rateLimiter: RateLimiter;
  /** Wrong session-password guesses, per client address and per session. */
  passwordGuesses: PasswordGuesses;
  /** The clock, injectable so tests can move time (expiry, rate-limit windows). */
  now: () => number;
  paths: DataPaths;
  /** The server-key encryption key pair, made or read on first use. */
  serverKey: () => Promise<ServerKey>;
  /** Getting the photos out (webhooks, local folder, retries) and the live events; runs for the app's lifetime. */
  delivery: DeliveryService;
}

declare module 'fastify' {
  interface FastifyInstance {
    qrdrop: AppContext;
  }
}
