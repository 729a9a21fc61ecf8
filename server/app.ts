/**
 * server/: the Fastify server. This file builds it (buildApp: the app context, error handling, every route, in
 * order); main.ts and cli/start.ts run it. Beside it, the shared kernel every folder may import: config, db, errors,
 * limits, ids, events, context (what `app.qrdrop` holds), parse-input (the one request-input parser), auth, rate-limit,
 * security-headers. The rooms: session/ (a session's store, input, views, password), upload/ (receiving a photo;
 * formats/ its byte checks), storage/ (stored photos), delivery/ (webhooks, folder, live events), integrator/ (API keys,
 * event webhooks, Socket.IO, short links), encryption/, qr/, page/ (the phone page's HTML), routes/ (HTTP routes, only
 * imported here), cli/ (`npm start`), fuzz/; tests beside their files, their helpers in test/.
 */
import fs from 'node:fs';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { keysOf, syncApiKeys } from './auth';
import { type ClusterOptions, type ClusterStores, openClusterStores } from './cluster/cluster-stores';
import { SqliteDestinationStore } from './cluster/sqlite-destinations';
import { SqliteEventWebhookStore } from './cluster/sqlite-event-webhooks';
import { SqliteApiKeyStore } from './cluster/sqlite-api-key-store';
import { SqliteListStore } from './cluster/sqlite-list-store';
import { SqliteShortLinkStore } from './cluster/short-link-store';
import { SqliteUploadStore } from './cluster/sqlite-store';
import type { Config } from './config';
import type { AppContext } from './context';
import { dataPaths } from './data-paths';
import { openDb } from './db';
import { planDeliveries } from './delivery/delivery-plan';
import { DeliveryService } from './delivery/delivery-service';
import { lazyServerKey } from './encryption/server-key';
import { errorBody, Errors, HttpError } from './errors';
import { EventBus } from './events';
import { answerFrameworkError, frameworkClientError } from './framework-errors';
import { integratorCorsRoutes } from './integrator/integrator-cors';
import { pageCorsRoutes } from './integrator/page-cors';
import { requestSigningHook } from './integrator/request-signing';
import { shortLinkRoutes } from './integrator/short-link';
import { socketIoRoutes } from './integrator/socket-io';
import { BODY } from './limits';
import { PasswordGuesses } from './session/password-guesses';
import { RateLimiter } from './rate-limit';
import { deliveryRoutes } from './routes/delivery';
import { desktopRoutes } from './routes/desktop';
import { eventWebhookRoutes } from './routes/event-webhooks';
import { destinationRoutes } from './routes/destinations';
import { encryptionRoutes } from './routes/encryption';
import { imageRoutes } from './routes/images';
import { keyRoutes } from './routes/keys';
import { pageRoutes } from './routes/page';
import { pageSessionRoutes } from './routes/page-session';
import { projectDestinationRoutes } from './routes/project-destinations';
import { qrRoutes } from './routes/qr';
import { sessionRoutes } from './routes/sessions';
import { shareRoutes } from './routes/share';
import { uploadRoutes } from './routes/upload';
import { uploadListRoutes } from './routes/uploads';
import { addSecurityHeaders } from './security-headers';
import { DiskPhotoStore } from './storage/disk-photo-store';
import { nodeServerOptions } from './server-timeouts';

export interface BuildOptions {
  config: Config;
  now?: () => number;
  /** Fastify logger on/off (tests keep it off). */
  logger?: boolean;
  /**
   * With `config.cluster` set: in-process settings over the cluster's production defaults (a test's schema, s3rver's
   * credentials, shorter timings). `npm run serve` sets none.
   */
  clusterOptions?: ClusterOptions;
}

/** Builds the whole server: storage, routes, error handling. `listen` is the caller's business. */
export async function buildApp({ config, now = Date.now, logger = false, clusterOptions = {} }: BuildOptions): Promise<FastifyInstance> {
  const paths = dataPaths(config.dataDir);
  for (const dir of [paths.root, paths.images, paths.incoming]) fs.mkdirSync(dir, { recursive: true });

  const app = Fastify({
    logger: logger ? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-session-password"]'] } : false,
    trustProxy: config.trustProxy,
    bodyLimit: BODY.jsonMaxBytes,
    // Slow or idle clients are cut off (see TIMEOUTS): whole request, kept-alive wait, quiet socket, headers.
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    connectionTimeout: config.timeouts.idleMs,
    http: nodeServerOptions(config.timeouts),
    // Session ids are capabilities: never let them reach logs through the URL.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // The reply it returns is Fastify's thenable reply, already sent: nothing is pending.
    frameworkErrors: (error, request, reply) => void answerFrameworkError(error, request, reply),
  });

  // A cluster keeps its rows in PostgreSQL and its photos in the bucket. What is not ported yet still reads a SQLite
  // database: in a cluster an empty one in memory (its routes answer 501), so nothing of a cluster lands in a file.
  const cluster: ClusterStores | null =
    config.cluster === null
      ? null
      : await openClusterStores(config.cluster, clusterOptions, {
          now,
          requestTimeoutMs: config.timeouts.requestMs,
          retryBaseMs: config.webhookRetryBaseMs,
          log: app.log,
        });
  const db = openDb(cluster === null ? paths.database : ':memory:');
  const events = new EventBus();
  const folderEnabled = config.deliveryFolder !== null;
  // The photo's deliveries are planned in the transaction that inserts it: both commit, or neither.
  const uploads = cluster?.uploads ?? new SqliteUploadStore(db, { alongsideInsert: (stored) => planDeliveries(db, stored, folderEnabled, stored.createdAt) });
  const photos = cluster?.photos ?? new DiskPhotoStore(paths.images);
  const destinations = cluster?.destinations ?? new SqliteDestinationStore(db);
  const leaseSweepMs = cluster?.leaseSweepMs;
  const context: AppContext = {
    config,
    db,
    uploads,
    lists: cluster?.lists ?? new SqliteListStore(db),
    destinations,
    eventWebhooks: cluster?.eventWebhooks ?? new SqliteEventWebhookStore(db),
    apiKeys: cluster?.apiKeys ?? new SqliteApiKeyStore(db),
    shortLinks: cluster?.shortLinks ?? new SqliteShortLinkStore(db),
    photos,
    events,
    // In a cluster every instance counts against the same windows in PostgreSQL: a limit is the cluster's.
    rateLimiter: new RateLimiter(now, cluster?.rateWindows),
    passwordGuesses: new PasswordGuesses(now, cluster?.rateWindows),
    now,
    paths,
    serverKey: lazyServerKey(paths.root, cluster?.loadServerKey),
    delivery: new DeliveryService(
      {
        config,
        db,
        events,
        now,
        photos,
        destinations,
        uploads,
        ...(cluster === null ? {} : { queue: cluster.deliveries, live: cluster.live, sessionFiles: cluster.sessionFiles }),
        ...(leaseSweepMs === undefined ? {} : { leaseSweepMs }),
      },
      (error, what) => app.log.error({ err: error }, what),
    ),
  };
  app.decorate('qrdrop', context);
  syncApiKeys(context.db, config, now());
  await cluster?.syncApiKeys(keysOf(config), now());
  app.addHook('onClose', async () => {
    await (cluster === null ? Promise.all([uploads.close(), photos.close()]) : cluster.close());
    context.db.close();
  });

  // One error handler: known errors keep their status and message; everything else is a bare 500.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.statusCode, error.message, error.code));
    }
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (status >= 400 && status < 500) {
      const body = frameworkClientError(status, error);
      return reply.code(body.statusCode).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody(500, 'Something went wrong on our side.', 'internal'));
  });
  // Bodies are JSON (or, on the upload route, multipart): a text/plain one is a 415 like any other type, rather
  // than a string that then fails validation as if it were malformed JSON.
  app.removeContentTypeParser('text/plain');
  // An empty body sent as JSON (several SDKs do so on complete and ack) reads as `{}`, as a missing body does:
  // routes whose body is optional accept it, the others refuse it for its missing fields like any other `{}`.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') done(null, {});
    // The default JSON parser answers through `done` (its type also allows the promise form, which it is not).
    else void parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody(404, 'Not found.', 'not_found')));
  addSecurityHeaders(app);

  // A load balancer's probe: a cluster instance that lost its database or its LISTEN connection answers 503 (and
  // nothing more), so traffic goes to the others until it is back.
  app.get('/healthz', async () => {
    if (cluster !== null && !(await cluster.healthy())) throw Errors.notReady();
    return { ok: true };
  });
  await app.register(requestSigningHook);
  await app.register(pageCorsRoutes);
  await app.register(integratorCorsRoutes);
  await app.register(sessionRoutes);
  await app.register(qrRoutes);
  await app.register(pageSessionRoutes);
  await app.register(uploadRoutes);
  await app.register(imageRoutes);
  // Socket.IO's rooms read the stored live events (socket-io-rooms.ts), so they follow every instance's uploads.
  await app.register(socketIoRoutes);
  context.delivery.start();
  // preClose, not onClose: open streams and held polls must end before the server can stop listening,
  // and sends in flight must be handed back while the database is still open.
  app.addHook('preClose', async () => context.delivery.stop());
  await app.register(deliveryRoutes);
  await app.register(destinationRoutes);
  await app.register(encryptionRoutes);
  await app.register(projectDestinationRoutes);
  await app.register(keyRoutes);
  await app.register(uploadListRoutes);
  await app.register(eventWebhookRoutes);
  await app.register(shortLinkRoutes);
  await app.register(shareRoutes);
  await app.register(desktopRoutes);
  await app.register(pageRoutes);
  return app;
}
