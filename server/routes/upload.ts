import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { UPLOAD } from '../limits';
import { isDraining } from '../upload/discard-body';
import { handleUpload } from '../upload/handle-upload';
import { IdempotencyGate } from '../upload/idempotency';
import { InFlight } from '../upload/in-flight';
import { recoverStorage } from '../upload/recovery';

/** The page's upload route, POST /api/v1/upload/{uuid}/images (no API key: the session id is the capability). */
export const uploadRoutes: FastifyPluginAsync = async (app) => {
  const context = app.qrdrop;
  // Registration happens before the server listens: no upload of this instance can be in progress, so leftovers are
  // from a crash. Only on SQLite and the data folder, which are this instance's alone: in a cluster the rows and the
  // bucket are shared, and a photo without a row may be another instance's upload between its put and its insert;
  // deleting it would lose a photo about to be answered 201. The intent sweeper (photo-intents.ts) cleans up there,
  // after a grace period (the spool is left alone too: instances on one machine may share a data folder).
  if (context.config.cluster === null) await recoverStorage(context.uploads, context.paths, app.log);

  // Only multipart is parsed here, by the route itself while it streams. Any other body reaches the handler
  // unread, so the session checks (404, 410...) come first and a wrong body type then gets a plain 400.
  app.removeAllContentTypeParsers();
  await app.register(multipart, {
    limits: { files: 1, fields: UPLOAD.maxFields, parts: UPLOAD.maxParts, fieldSize: UPLOAD.maxFieldSizeBytes },
  });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  const gate = new IdempotencyGate();
  const inFlight = new InFlight();
  // Shutdown (and tests) close the app only once every upload has committed or cleaned up after itself.
  app.addHook('onClose', () => inFlight.settled());
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  // An answer sent before the body was read in full closes the connection, unless the rest of a bounded body is
  // being read and dropped behind it (releaseBody): the rest is never stored. While stopping, every answer closes
  // its connection too, so the server is not kept waiting on idle keep-alive sockets.
  app.addHook('onSend', async (request, reply) => {
    if ((!request.raw.complete && !isDraining(request.raw)) || stopping) reply.header('connection', 'close');
  });

  app.post('/api/v1/upload/:uuid/images', (request, reply) => inFlight.track(handleUpload(request, reply, gate)));
};
