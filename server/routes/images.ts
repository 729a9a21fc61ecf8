import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { ownedSession, rateLimitKey, requireApiKey } from '../auth';
import { Errors } from '../errors';
import { parseInput } from '../parse-input';
import { SessionParams } from '../session/session-input';
import type { Session } from '../session/session-store';
import { attachmentDisposition } from '../storage/content-disposition';
import { downloadName } from '../storage/download-name';
import type { StoredImage } from '../storage/stored-image';

const DOWNLOAD_CSP = "default-src 'none'; sandbox";
const ImageParams = v.object({ uuid: v.string(), imageId: v.string() });

/**
 * Poll and ack are what `long_polling: true` turns on (API.md); for another session they answer 403
 * `long_polling_disabled` (the key is valid and owns the session, but may not use this route on it), so an
 * integrator sees a clear reason rather than an empty list. Downloading one image needs only ownership.
 */
function assertLongPolling(session: Session): void {
  if (!session.longPolling) throw Errors.longPollingDisabled();
}

async function imageOr404(request: FastifyRequest, session: Session, imageId: string): Promise<StoredImage> {
  const image = await request.server.qrdrop.uploads.findSessionImage(session.id, imageId);
  if (image === undefined) throw Errors.imageNotFound();
  return image;
}

const pollItem = (image: StoredImage) => ({
  id: image.id,
  filename: image.filename,
  size_bytes: image.sizeBytes,
  mime_type: image.mimeType,
  source: image.source,
  created_at: new Date(image.createdAt).toISOString(),
  // (qrdrop) An end-to-end photo downloads as its envelope (JSON): open it with the session's private key.
  is_encrypted: image.isEncrypted,
  e2e: image.isE2e,
  width: image.width,
  height: image.height,
});

/** An end-to-end photo is handed over as its envelope; these headers carry what the page declared about it. */
const e2eHeaders = (image: StoredImage): Record<string, string> =>
  image.isE2e
    ? {
        'x-aptr-encrypted': 'e2e',
        'x-aptr-original-type': image.mimeType,
        ...(image.width === null || image.height === null ? {} : { 'x-aptr-image-width': String(image.width), 'x-aptr-image-height': String(image.height) }),
      }
    : {};

/** Getting the photos out with the API key: poll what is new, download each, acknowledge it. */
export const imageRoutes: FastifyPluginAsync = async (app) => {
  const { uploads, photos, events } = app.qrdrop;
  // No route here reads a body: an ack sent with an empty JSON body, a form or nothing at all is the same ack.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.get('/api/v1/upload-sessions/:uuid/poll', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request, reply) => {
    const session = await ownedSession(request, parseInput(SessionParams, request.params, 'bad_request').uuid);
    assertLongPolling(session);
    reply.header('cache-control', 'private, no-store');
    return { images: (await uploads.listUnacknowledged(session.id)).map(pollItem) };
  });

  app.get(
    '/api/v1/upload-sessions/:uuid/images/:imageId',
    { preHandler: [requireApiKey, rateLimitKey('read')] },
    async (request, reply) => {
      const params = parseInput(ImageParams, request.params, 'bad_request');
      const image = await imageOr404(request, await ownedSession(request, params.uuid), params.imageId);
      const etag = `"${image.sha256}"`;
      reply.headers({ etag, 'cache-control': 'private, no-store' });
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      // Opened before any header goes out: a missing photo is a plain 500, not a cut-off download.
      const { size, stream } = await photos.open(image);
      reply.headers({
        'content-type': image.isE2e ? 'application/json' : image.mimeType,
        'content-length': String(size),
        ...e2eHeaders(image),
        'content-disposition': attachmentDisposition(downloadName(image)),
        // Should anything ever render it anyway: no scripts, no loads, an opaque origin.
        'content-security-policy': DOWNLOAD_CSP,
      });
      return reply.send(stream);
    },
  );

  app.post(
    '/api/v1/upload-sessions/:uuid/images/:imageId/ack',
    { preHandler: [requireApiKey, rateLimitKey('other')] },
    async (request, reply) => {
      const params = parseInput(ImageParams, request.params, 'bad_request');
      const session = await ownedSession(request, params.uuid);
      assertLongPolling(session);
      const image = await imageOr404(request, session, params.imageId);
      const now = app.qrdrop.now();
      if (!(await uploads.acknowledgeImage(image.id, now))) throw Errors.alreadyAcknowledged();
      events.publish({ type: 'image:acknowledged', sessionId: session.id, imageId: image.id, at: now });
      reply.header('cache-control', 'no-store');
      return { status: 'acknowledged' };
    },
  );
};
