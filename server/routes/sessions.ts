/**
 * server/routes/: the HTTP routes, one file per resource, each a Fastify plugin registered by server/app.ts (the only
 * importer of this folder). Routes parse their input with parse-input.ts and leave the work to the rooms (session/,
 * upload/, delivery/, integrator/...). This file: the integrator's session routes.
 */
import type { FastifyPluginAsync } from 'fastify';
import { apiKeyOf, ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { destinationsOfSession } from '../delivery/delivery-plan';
import { Errors } from '../errors';
import { newId } from '../ids';
import { shortUrlOf } from '../integrator/short-link';
import { MB, MIME_TYPES, SESSION } from '../limits';
import { noStore } from '../no-store';
import { parseInput } from '../parse-input';
import { hashPassword } from '../session/password';
import { checkExpiry, CreateSessionBody, hoursFromNow, SessionParams, UpdateSessionBody } from '../session/session-input';
import type { Session } from '../session/session-store';
import { createdView, integratorView } from '../session/session-views';
import { sessionListRoutes } from './session-list';

/** Integrator routes of one session: create, read, update, complete. All need `Authorization: Bearer <key>`. */
export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const { uploads, destinations, apiKeys, events, config } = app.qrdrop;
  const now = () => app.qrdrop.now();
  app.addHook('onSend', noStore);
  const destinationsOf = (session: Session) => destinationsOfSession(destinations, session, config.deliveryFolder !== null);

  app.post('/api/v1/upload-sessions', { preHandler: [requireApiKey, rateLimitKey('create')] }, async (request, reply) => {
    const input = parseInput(CreateSessionBody, request.body, 'invalid_field');
    const at = now();
    if (input.expires_at !== undefined && input.expires_in_hours !== undefined) {
      throw Errors.badRequest('Give either expires_in_hours or expires_at, not both.', 'invalid_field');
    }
    const key = apiKeyOf(request);
    // The key's own limits are the defaults of its sessions (API keys routes); the request still wins.
    const defaults = await apiKeys.find(key.id);
    const session: Session = {
      id: newId(),
      apiKeyId: key.id,
      env: key.env,
      createdAt: at,
      updatedAt: at,
      expiresAt:
        input.expires_at === undefined
          ? hoursFromNow(input.expires_in_hours ?? SESSION.expiresInHoursDefault, at)
          : checkExpiry(input.expires_at, at),
      completedAt: null,
      maxImages: input.max_images ?? defaults?.maxImages ?? SESSION.maxImagesDefault,
      allowedMimeTypes: input.allowed_mime_types ?? defaults?.allowedMimeTypes ?? [...MIME_TYPES],
      maxImageDimension: input.max_image_dimension === undefined ? (defaults?.maxImageDimension ?? null) : input.max_image_dimension,
      maxImageSizeBytes: input.max_image_size_mb === undefined ? config.maxImageSizeBytesDefault : Math.round(input.max_image_size_mb * MB),
      passwordHash: input.password === undefined || input.password === null ? null : await hashPassword(input.password),
      tags: input.tags ?? [],
      longPolling: input.long_polling ?? defaults?.longPolling ?? false,
      label: input.label ?? null,
      destinationIds: input.destination_ids ?? [],
      e2ePublicKey: input.e2e_public_key ?? null,
      e2eAllowDowngrade: input.e2e_public_key != null && input.e2e_allow_downgrade === true,
      e2eDowngraded: false,
    };
    await uploads.createSession(session);
    // Queued just after the session's row committed (in a cluster too: the event is not in the insert's transaction).
    await app.qrdropEventWebhooks.publish(key.id, 'project.session.created', {
      session_id: session.id,
      tags: session.tags,
      label: session.label,
      max_images: session.maxImages,
      expires_at: new Date(session.expiresAt).toISOString(),
    });
    // short_url (newer Go/Java SDKs): a short link on this origin to the same page.
    const created = createdView(session, config.publicUrl, await destinationsOf(session));
    return reply.code(201).send({ ...created, short_url: await shortUrlOf(app.qrdrop.shortLinks, config.publicUrl, session.id, at) });
  });

  app.get(
    '/api/v1/upload-sessions/:uuid',
    { preHandler: [requireApiKey, rateLimitKey('read')] },
    async (request) => {
      const session = await ownedSession(request, parseInput(SessionParams, request.params, 'bad_request').uuid);
      return integratorView(session, await uploads.countImages(session.id), now(), config.publicUrl, await destinationsOf(session));
    },
  );

  // Updating works on an expired session (moving expires_at is how an integrator extends one); completion is final.
  app.patch(
    '/api/v1/upload-sessions/:uuid',
    { preHandler: [requireApiKey, rateLimitKey('other')] },
    async (request) => {
      const session = await ownedSession(request, parseInput(SessionParams, request.params, 'bad_request').uuid);
      if (session.completedAt !== null) throw Errors.sessionCompleted();
      const input = parseInput(UpdateSessionBody, request.body, 'invalid_field');
      const at = now();
      const imagesCount = await uploads.countImages(session.id);
      if (Object.keys(input).length === 0) return integratorView(session, imagesCount, at, config.publicUrl, await destinationsOf(session));
      if (input.max_images !== undefined && input.max_images < imagesCount) {
        throw Errors.badRequest(`max_images cannot be below the ${imagesCount} photos already received.`, 'invalid_field');
      }
      const updated: Session = {
        ...session,
        updatedAt: at,
        expiresAt: input.expires_at === undefined ? session.expiresAt : checkExpiry(input.expires_at, at),
        maxImages: input.max_images ?? session.maxImages,
        allowedMimeTypes: input.allowed_mime_types ?? session.allowedMimeTypes,
        maxImageDimension: input.max_image_dimension === undefined ? session.maxImageDimension : input.max_image_dimension,
        maxImageSizeBytes:
          input.max_image_size_mb === undefined ? session.maxImageSizeBytes : Math.round(input.max_image_size_mb * MB),
        passwordHash:
          input.password === undefined ? session.passwordHash : input.password === null ? null : await hashPassword(input.password),
      };
      if (!(await uploads.saveSessionSettings(updated))) throw Errors.sessionCompleted();
      events.publish({ type: 'session:updated', sessionId: session.id, at });
      return integratorView(updated, imagesCount, at, config.publicUrl, await destinationsOf(updated));
    },
  );

  // 409 when already completed; 410 when it expired first (an expired session has nothing left to complete).
  app.post(
    '/api/v1/upload-sessions/:uuid/complete',
    { preHandler: [requireApiKey, rateLimitKey('other')] },
    async (request) => {
      const session = await ownedSession(request, parseInput(SessionParams, request.params, 'bad_request').uuid);
      const at = now();
      if (session.completedAt !== null) throw Errors.sessionCompleted();
      if (session.expiresAt <= at) throw Errors.sessionExpired();
      if (!(await uploads.completeSession(session.id, at))) throw Errors.sessionCompleted();
      events.publish({ type: 'session:completed', sessionId: session.id, at });
      const completed: Session = { ...session, completedAt: at, updatedAt: at };
      return integratorView(completed, await uploads.countImages(session.id), at, config.publicUrl, await destinationsOf(completed));
    },
  );

  await app.register(sessionListRoutes);
};
