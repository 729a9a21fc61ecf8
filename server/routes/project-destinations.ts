import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { Errors } from '../errors';
import { projectDestinationView } from '../integrator/destination-view';
import { param, requireProject } from '../integrator/project';
import { testDestination } from '../integrator/test-delivery';
import { DELIVERY } from '../limits';
import { parseInput } from '../parse-input';

const name = v.pipe(
  v.string('name must be a string'),
  v.trim(),
  v.minLength(1, 'name is required'),
  v.maxLength(DELIVERY.destinationNameMaxLength, `name must be at most ${DELIVERY.destinationNameMaxLength} characters`),
);
const WebhookConfig = v.object(
  {
    url: v.pipe(
      v.string('config.url is required'),
      v.trim(),
      v.maxLength(DELIVERY.destinationUrlMaxLength, `config.url must be at most ${DELIVERY.destinationUrlMaxLength} characters`),
    ),
    format: v.optional(v.picklist(['multipart', 'json_base64'], 'config.format must be "multipart" or "json_base64"')),
  },
  'config.url is required: config is {url, format?}',
);
const CreateBody = v.object({
  type: v.string('type is required'),
  name,
  config: WebhookConfig,
});
const UpdateBody = v.object({
  name: v.optional(name),
  config: v.optional(v.partial(WebhookConfig)),
  isActive: v.optional(v.boolean('isActive must be true or false')),
});

/**
 * Apertur's project destinations, `/api/v1/projects/{projectId}/destinations`, over the same store as the flat
 * `/api/v1/destinations`: a key sees and changes only its own. Only webhooks can be made by API (Apertur's s3,
 * gdrive… are not in qrdrop; the local folder is the operator's, DELIVERY_FOLDER).
 */
export const projectDestinationRoutes: FastifyPluginAsync = async (app) => {
  const base = '/api/v1/projects/:projectId/destinations';
  const guard = (bucket: 'read' | 'other') => ({ preHandler: [requireApiKey, rateLimitKey(bucket), requireProject] });
  const checkUrl = (url: string) => {
    const { config } = app.qrdrop;
    const verdict = checkWebhookUrl(url, { allowPrivate: config.webhookAllowPrivate, serverOrigin: config.publicUrl });
    if (!verdict.ok) throw Errors.badRequest(verdict.reason ?? 'url is not allowed.', 'url_not_allowed');
  };
  const owned = async (keyId: string, id: string) => {
    const destination = await app.qrdrop.destinations.find(id);
    if (destination === undefined || destination.apiKeyId !== keyId || destination.deletedAt !== null) throw Errors.destinationNotFound();
    return destination;
  };

  app.get(base, guard('read'), async (request) => (await app.qrdrop.destinations.listOfKey(apiKeyOf(request).id)).map(projectDestinationView));

  app.post(base, guard('other'), async (request, reply) => {
    const { destinations, now } = app.qrdrop;
    const body = parseInput(CreateBody, request.body, 'invalid_destination');
    if (body.type !== 'webhook') {
      throw Errors.badRequest(
        `qrdrop delivers to "webhook" destinations only (and to the server's folder, set with DELIVERY_FOLDER); "${body.type}" is not supported.`,
        'unsupported_destination_type',
      );
    }
    checkUrl(body.config.url);
    const apiKeyId = apiKeyOf(request).id;
    if ((await destinations.listOfKey(apiKeyId)).length >= DELIVERY.destinationsPerKeyMax) {
      throw Errors.badRequest(`A key may have at most ${DELIVERY.destinationsPerKeyMax} destinations.`, 'too_many_destinations');
    }
    const created = await destinations.createWebhook({ apiKeyId, name: body.name, url: body.config.url, format: body.config.format ?? 'multipart', isDefault: false }, now());
    const view = projectDestinationView(created);
    return reply.code(201).send({ ...view, config: { ...view.config, secret: created.secret } });
  });

  app.patch(`${base}/:id`, guard('other'), async (request) => {
    const { destinations, now } = app.qrdrop;
    const keyId = apiKeyOf(request).id;
    const id = param(request, 'id');
    await owned(keyId, id);
    const body = parseInput(UpdateBody, request.body, 'invalid_destination');
    if (body.config?.url !== undefined) checkUrl(body.config.url);
    const updated = await destinations.update(keyId, id, { name: body.name, url: body.config?.url, format: body.config?.format, isActive: body.isActive }, now());
    if (updated === undefined) throw Errors.destinationNotFound();
    return projectDestinationView(updated);
  });

  app.delete(`${base}/:id`, guard('other'), async (request, reply) => {
    if (!(await app.qrdrop.destinations.delete(apiKeyOf(request).id, param(request, 'id'), app.qrdrop.now()))) throw Errors.destinationNotFound();
    return reply.code(204).send();
  });

  app.post(`${base}/:id/test`, guard('other'), async (request) => {
    const destination = await owned(apiKeyOf(request).id, param(request, 'id'));
    return testDestination(app.qrdrop.config, destination, app.qrdrop.now());
  });
};
