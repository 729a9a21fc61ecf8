import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import type { Destination } from '../delivery/destination-store';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { Errors } from '../errors';
import { DELIVERY } from '../limits';
import { parseInput } from '../parse-input';

const CreateBody = v.object({
  type: v.picklist(
    ['webhook', 'folder'],
    'type must be "webhook" (the folder destination is set on the server with DELIVERY_FOLDER)',
  ),
  name: v.pipe(
    v.string('name is required'),
    v.trim(),
    v.minLength(1, 'name is required'),
    v.maxLength(DELIVERY.destinationNameMaxLength, `name must be at most ${DELIVERY.destinationNameMaxLength} characters`),
  ),
  url: v.pipe(
    v.string('url is required'),
    v.trim(),
    v.maxLength(DELIVERY.destinationUrlMaxLength, `url must be at most ${DELIVERY.destinationUrlMaxLength} characters`),
  ),
  format: v.optional(v.picklist(['multipart', 'json_base64'], 'format must be "multipart" or "json_base64"'), 'multipart'),
  is_default: v.optional(v.boolean('is_default must be true or false'), false),
});

const Params = v.object({ id: v.string() });

/** The public shape of a destination. The secret is never part of it: it is shown once, at creation. */
const view = (destination: Destination) => ({
  id: destination.id,
  type: destination.type,
  name: destination.name,
  url: destination.url,
  format: destination.format,
  is_default: destination.isDefault,
  created_at: new Date(destination.createdAt).toISOString(),
});

/**
 * Webhook destinations of the calling key (API key routes). Sessions name them in `destination_ids`; the key's
 * `is_default` ones are used for sessions that name none. A folder destination cannot be created here: writing
 * to the server's disk is for whoever runs the server (DELIVERY_FOLDER), not for API callers.
 */
export const destinationRoutes: FastifyPluginAsync = async (app) => {
  app.post('/api/v1/destinations', { preHandler: [requireApiKey, rateLimitKey('other')] }, async (request, reply) => {
    const { destinations, config, now } = app.qrdrop;
    const body = parseInput(CreateBody, request.body, 'invalid_destination');
    if (body.type !== 'webhook') {
      throw Errors.badRequest('The folder destination is set on the server with DELIVERY_FOLDER, not by API.', 'invalid_destination');
    }
    const verdict = checkWebhookUrl(body.url, { allowPrivate: config.webhookAllowPrivate, serverOrigin: config.publicUrl });
    if (!verdict.ok) throw Errors.badRequest(verdict.reason ?? 'url is not allowed.', 'url_not_allowed');
    const apiKeyId = apiKeyOf(request).id;
    if ((await destinations.listOfKey(apiKeyId)).length >= DELIVERY.destinationsPerKeyMax) {
      throw Errors.badRequest(`A key may have at most ${DELIVERY.destinationsPerKeyMax} destinations.`, 'too_many_destinations');
    }
    const created = await destinations.createWebhook(
      { apiKeyId, name: body.name, url: body.url, format: body.format, isDefault: body.is_default },
      now(),
    );
    return reply.code(201).send({ ...view(created), secret: created.secret });
  });

  app.get('/api/v1/destinations', { preHandler: [requireApiKey, rateLimitKey('read')] }, async (request) =>
    (await app.qrdrop.destinations.listOfKey(apiKeyOf(request).id)).map(view),
  );

  app.delete('/api/v1/destinations/:id', { preHandler: [requireApiKey, rateLimitKey('other')] }, async (request, reply) => {
    const { id } = parseInput(Params, request.params, 'bad_request');
    if (!(await app.qrdrop.destinations.delete(apiKeyOf(request).id, id, app.qrdrop.now()))) {
      throw Errors.destinationNotFound();
    }
    return reply.code(204).send();
  });
};
