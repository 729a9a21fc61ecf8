import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionFilesReader } from '../delivery/delivery-status';
import type { LiveBackend } from '../delivery/live-events';
import type { RateWindowStore } from '../rate-windows';
import type { ServerKey } from '../encryption/server-key';
import type { PhotoStore } from '../storage/photo-store';
import { DELIVERY } from '../limits';
import type { ClusterConfig } from './cluster-config';
import type { LeasedDeliveryQueue } from './delivery-queue';
import { sweepUncommittedPhotos } from './photo-intents';
import { PgLiveBus, type PgLiveBusOptions } from './pg-live-bus';
import { migratePg } from './pg-migrations';
import { createPgPool } from './pg-pool';
import type { ApiKeyStore } from './api-key-store';
import { PgApiKeyStore } from './pg-api-key-store';
import { planPgDeliveries } from './pg-delivery-plan';
import { PgDeliveryQueue } from './pg-delivery-queue';
import { PgDestinationStore } from './pg-destinations';
import { PgEventWebhookStore } from './pg-event-webhooks';
import { PgListStore } from './pg-list-store';
import { PgRateWindows } from './pg-rate-windows';
import { loadOrCreatePgServerKey } from './pg-server-key';
import { PgSessionEvents } from './pg-session-events';
import { pgSessionFiles } from './pg-session-files';
import { PgShortLinkStore } from './pg-short-link-store';
import { PgStreamSlots } from './pg-stream-slots';
import type { ShortLinkStore } from './short-link-store';
import { PgUploadStore } from './pg-store';
import { createS3Client } from './s3-client';
import { S3PhotoStore } from './s3-photo-store';
import type { DestinationStore } from './destinations';
import type { EventWebhookStore } from './event-webhooks';
import type { ListStore } from './list-store';
import type { UploadStore } from './store';

/**
 * What `buildApp({ clusterOptions })` may set beyond the environment, for tests and tools in-process (a schema of
 * their own, s3rver's fixed credentials, shorter timings). Production (`npm run serve`) sets none of it: every field
 * has its production default, and the environment (ClusterConfig) carries what an operator may choose.
 */
export interface ClusterOptions {
  /** search_path of every connection (the tests' own schema); unset: the database's default. */
  pgSchema?: string;
  /** Over the S3 client's usual settings (s3rver's credentials); unset: the AWS SDK's usual resolution. */
  s3?: S3ClientConfig;
  /**
   * The instance's name in pg_stat_activity: its pool's connections show it, its LISTEN connection shows it with
   * `-listen` (tests find and cut one instance's listener by it); unset: `qrdrop` and `qrdrop-listen`.
   */
  applicationName?: string;
  /** Over the LISTEN connection's timings (pg-live-bus.ts PG_LIVE_BUS): tests shorten or lengthen them. */
  liveBus?: Pick<PgLiveBusOptions, 'catchUpMs' | 'reconnectFirstMs' | 'reconnectMaxMs'>;
  /** The name this instance claims deliveries (and marks its SSE streams) under; unset: QRDROP_INSTANCE_ID, else host, process id and a random part. */
  instanceId?: string;
  /** Over the SSE streams' heartbeat and lease (pg-stream-slots.ts): tests shorten them; unset: LIVE's. */
  sseStreams?: { heartbeatMs?: number; leaseMs?: number };
  /**
   * Shorter delivery leases and lease sweeps (photo and event deliveries alike), so a test sees a lapsed claim taken
   * over; unset: ClusterConfig's.
   */
  delivery?: { leaseMs?: number; leaseSweepMs?: number };
}

/** How often each instance sweeps the objects whose upload never committed. */
export const PHOTO_SWEEP = { everyMs: 60_000 } as const;

/** The health check's bound on the database's answer: a load balancer's probe must get an answer quickly. */
export const HEALTH_CHECK = { databaseTimeoutMs: 1_000 } as const;

export interface ClusterStores {
  uploads: UploadStore;
  lists: ListStore;
  destinations: DestinationStore;
  /** Event webhooks and their deliveries, claimed under this instance's name like the photo deliveries. */
  eventWebhooks: EventWebhookStore;
  apiKeys: ApiKeyStore;
  shortLinks: ShortLinkStore;
  /** Reads (or, the first time in the cluster, makes) the one server key of every instance. */
  loadServerKey: () => Promise<ServerKey>;
  photos: PhotoStore;
  /** The photo deliveries, claimed under this instance's name. */
  deliveries: LeasedDeliveryQueue;
  /** How often the delivery service looks for lapsed leases and released sends. */
  leaseSweepMs: number;
  /** The live events in PostgreSQL and the instance's LISTEN connection (closed by the delivery service's stop). */
  live: LiveBackend;
  /** delivery-status's read of a session's photos and deliveries. */
  sessionFiles: SessionFilesReader;
  /** Rate limits and password guesses, counted for the whole cluster. */
  rateWindows: RateWindowStore;
  /**
   * For /healthz: whether the database answers `SELECT 1` within HEALTH_CHECK.databaseTimeoutMs and the LISTEN
   * connection is up (without it, other instances' events reach this one only at the next catch-up).
   */
  healthy: () => Promise<boolean>;
  /**
   * Start-up: records the configured keys (hash → identity) as syncApiKeys does in SQLite, so sessions can name
   * their key. Upserted in hash order: instances starting together lock the rows in one order and cannot deadlock.
   */
  syncApiKeys: (keys: Map<string, { id: string; env: string }>, now: number) => Promise<void>;
  /**
   * Stops the sweeper, frees this instance's SSE stream rows, then closes the LISTEN connection (if the delivery service's stop has not), the bucket's
   * client and the pool (in that order: intents and catch-ups need the pool).
   */
  close: () => Promise<void>;
}

/**
 * The stores of a cluster instance: the pool (migrated at start, under the migrations' advisory lock, so instances
 * starting together migrate once), the rows in PostgreSQL, the bytes in the bucket, and the sweeper of objects whose
 * upload never committed. Its grace period is the longest an upload may take (the request timeout), so it never
 * removes the object of an upload still in progress on any instance.
 */
export async function openClusterStores(
  cluster: ClusterConfig,
  options: ClusterOptions,
  { now, requestTimeoutMs, retryBaseMs, log }: { now: () => number; requestTimeoutMs: number; retryBaseMs: number; log: FastifyBaseLogger },
): Promise<ClusterStores> {
  const applicationName = options.applicationName ?? 'qrdrop';
  const pool = createPgPool(cluster.databaseUrl, {
    applicationName,
    ...(options.pgSchema === undefined ? {} : { schema: options.pgSchema }),
    onIdleError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool opens another'),
  });
  const events = new PgSessionEvents(pool);
  const instanceId = options.instanceId ?? cluster.instanceId ?? `${os.hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let bus: PgLiveBus;
  try {
    await migratePg(pool);
    bus = await PgLiveBus.start({
      url: cluster.databaseUrl,
      store: events,
      applicationName: `${applicationName}-listen`,
      ...options.liveBus,
      onError: (error) => log.warn({ err: error }, 'the LISTEN connection or a catch-up failed; it is tried again'),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  // A photo's deliveries are planned in the transaction that inserts it: both commit, or neither.
  const uploads = new PgUploadStore(pool, { alongsideInsert: async (client, stored) => void (await planPgDeliveries(client, stored, stored.createdAt)) });
  const leaseMs = options.delivery?.leaseMs ?? cluster.delivery.leaseMs;
  const leaseSweepMs = options.delivery?.leaseSweepMs ?? cluster.delivery.leaseSweepMs;
  if (leaseMs <= DELIVERY.webhookTimeoutMs) {
    log.warn(`the delivery lease (${leaseMs} ms) is not longer than a webhook send may take (${DELIVERY.webhookTimeoutMs} ms): a slow receiver may get a send twice`);
  }
  const slots = new PgStreamSlots(pool, {
    instanceId,
    now,
    ...options.sseStreams,
    onError: (error) => log.warn({ err: error }, 'keeping the SSE streams’ rows failed'),
  });
  const photos = new S3PhotoStore({ client: createS3Client(cluster.s3, options.s3), bucket: cluster.s3.bucket, prefix: cluster.s3.prefix, pool, now });
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweeper = setInterval(() => {
    sweeping = sweepUncommittedPhotos(pool, photos, { olderThanMs: requestTimeoutMs, now: now() }).catch((error: unknown) =>
      log.error({ err: error }, 'sweeping uncommitted photos failed'),
    );
  }, PHOTO_SWEEP.everyMs);
  sweeper.unref();
  return {
    uploads,
    lists: new PgListStore(pool),
    destinations: new PgDestinationStore(pool),
    eventWebhooks: new PgEventWebhookStore(pool, { instanceId, leaseMs, leaseSweepMs }),
    apiKeys: new PgApiKeyStore(pool),
    shortLinks: new PgShortLinkStore(pool),
    loadServerKey: () => loadOrCreatePgServerKey(pool, now()),
    photos,
    deliveries: new PgDeliveryQueue(pool, { instanceId, retryBaseMs, leaseMs }),
    leaseSweepMs,
    live: { store: events, bus, slots },
    sessionFiles: pgSessionFiles(pool),
    rateWindows: new PgRateWindows(pool),
    healthy: async () => bus.listening && (await databaseAnswers(pool, HEALTH_CHECK.databaseTimeoutMs)),
    syncApiKeys: async (keys, now) => {
      const entries = [...keys];
      if (entries.length === 0) return;
      await pool.query(
        `INSERT INTO api_keys (id, key_hash, env, created_at)
         SELECT id, key_hash, env, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS k(id, key_hash, env) ORDER BY key_hash
         ON CONFLICT (key_hash) DO UPDATE SET env = excluded.env`,
        [entries.map(([, identity]) => identity.id), entries.map(([hash]) => hash), entries.map(([, identity]) => identity.env), now],
      );
    },
    close: async () => {
      clearInterval(sweeper);
      await sweeping;
      await slots.close();
      await bus.close();
      await photos.close();
      await uploads.close();
    },
  };
}

/** Whether `SELECT 1` comes back within `timeoutMs` (a pool that cannot connect, or a server that hangs, does not). */
async function databaseAnswers(pool: pg.Pool, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answer = pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
