import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { Errors, HttpError } from '../errors';
import type { EventDelivery } from '../integrator/event-delivery-store';
import { isKnownTopic, TOPIC_SPELLINGS } from '../integrator/event-topics';
import { EventWebhookService } from '../integrator/event-webhook-service';
import type { EventWebhook } from '../integrator/event-webhook-store';
import { param, PROJECT, requireProject } from '../integrator/project';
import { DELIVERY } from '../limits';
import { parseInput, queryCount } from '../parse-input';

declare module 'fastify' {
  interface FastifyInstance {
    /** Event webhooks (project.upload.*, project.session.*): routes publish session creation through it. */
    qrdropEventWebhooks: EventWebhookService;
  }
}

/** Limits of event webhooks, in one visible place. Intervals are seconds, as Apertur's SDKs send them. */
export const EVENT_WEBHOOKS = {
  perKeyMax: 20,
  topicsMax: 20,
  maxRetriesDefault: 3,
  maxRetriesMax: 10,
  retryIntervalsDefault: [60, 300, 1800],
  retryIntervalsMax: 10,
  retryIntervalMaxSeconds: 86_400,
  disableAfterFailuresDefault: 10,
  disableAfterFailuresMax: 1000,
  customHeadersMax: 20,
  customHeaderValueMaxLength: 1024,
  deliveriesPageDefault: 20,
  deliveriesPageMax: 100,
} as const;

/** Headers qrdrop sets itself; a custom header may not replace them (the signature must stay the one we made). */
const RESERVED_HEADER = /^(content-type|content-length|host|transfer-encoding|connection|user-agent|svix-.*|x-apertur-.*|x-aptr-.*)$/i;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

const int = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};
const fields = {
  url: v.pipe(v.string('url is required'), v.trim(), v.maxLength(DELIVERY.destinationUrlMaxLength, `url must be at most ${DELIVERY.destinationUrlMaxLength} characters`)),
  topics: v.pipe(
    v.array(v.pipe(v.string('topics must hold strings'), v.check(isKnownTopic, `each topic must be one of ${TOPIC_SPELLINGS.join(', ')}`)), 'topics must be an array'),
    v.minLength(1, 'topics must name at least one topic'),
    v.maxLength(EVENT_WEBHOOKS.topicsMax, `topics may hold at most ${EVENT_WEBHOOKS.topicsMax} topics`),
    v.transform((topics) => [...new Set(topics)]),
  ),
  signatureMethod: v.picklist(['hmac_sha256', 'svix'], 'signatureMethod must be "hmac_sha256" or "svix"'),
  maxRetries: int('maxRetries', 0, EVENT_WEBHOOKS.maxRetriesMax),
  retryIntervals: v.pipe(
    v.array(int('each retryIntervals entry (seconds)', 0, EVENT_WEBHOOKS.retryIntervalMaxSeconds), 'retryIntervals must be an array of seconds'),
    v.maxLength(EVENT_WEBHOOKS.retryIntervalsMax, `retryIntervals may hold at most ${EVENT_WEBHOOKS.retryIntervalsMax} entries`),
  ),
  disableAfterFailures: int('disableAfterFailures', 0, EVENT_WEBHOOKS.disableAfterFailuresMax),
  customHeaders: v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(HEADER_NAME, 'customHeaders names must be HTTP header names'), v.check((name) => !RESERVED_HEADER.test(name), 'customHeaders may not set content, host, signature or Apertur headers')),
      v.pipe(v.string('customHeaders values must be strings'), v.maxLength(EVENT_WEBHOOKS.customHeaderValueMaxLength), v.regex(/^[^\r\n\0]*$/, 'customHeaders values may not contain line breaks')),
      'customHeaders must be an object of header names to values',
    ),
    v.check((headers) => Object.keys(headers).length <= EVENT_WEBHOOKS.customHeadersMax, `customHeaders may hold at most ${EVENT_WEBHOOKS.customHeadersMax} headers`),
  ),
};
const CreateBody = v.object({
  url: fields.url,
  topics: fields.topics,
  signatureMethod: v.optional(fields.signatureMethod, 'hmac_sha256'),
  maxRetries: v.optional(fields.maxRetries, EVENT_WEBHOOKS.maxRetriesDefault),
  retryIntervals: v.optional(fields.retryIntervals, [...EVENT_WEBHOOKS.retryIntervalsDefault]),
  disableAfterFailures: v.optional(fields.disableAfterFailures, EVENT_WEBHOOKS.disableAfterFailuresDefault),
  customHeaders: v.optional(fields.customHeaders, {}),
});
const UpdateBody = v.object({
  url: v.optional(fields.url),
  topics: v.optional(fields.topics),
  signatureMethod: v.optional(fields.signatureMethod),
  maxRetries: v.optional(fields.maxRetries),
  retryIntervals: v.optional(fields.retryIntervals),
  disableAfterFailures: v.optional(fields.disableAfterFailures),
  customHeaders: v.optional(fields.customHeaders),
  isActive: v.optional(v.boolean('isActive must be true or false')),
});

const DeliveriesQuery = v.object({
  page: queryCount('page', 1, Number.MAX_SAFE_INTEGER),
  limit: queryCount('limit', EVENT_WEBHOOKS.deliveriesPageDefault, EVENT_WEBHOOKS.deliveriesPageMax),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const webhookNotFound = () => new HttpError(404, 'webhook_not_found', 'Webhook not found.');

/**
 * The Webhook shape of Apertur's SDKs. The secret is in every answer to the key that owns the webhook (the SDKs
 * decode it as a required string, and the receiver needs it to verify signatures); no other key can read it.
 */
const view = (hook: EventWebhook) => ({
  id: hook.id,
  projectId: PROJECT.id,
  url: hook.url,
  secret: hook.secret,
  signatureMethod: hook.signatureMethod,
  topics: hook.topics,
  isActive: hook.isActive,
  maxRetries: hook.maxRetries,
  retryIntervals: hook.retryIntervals,
  disableAfterFailures: hook.disableAfterFailures,
  consecutiveFailures: hook.consecutiveFailures,
  customHeaders: hook.customHeaders,
  disabledAt: iso(hook.disabledAt),
  createdAt: iso(hook.createdAt),
  updatedAt: iso(hook.updatedAt),
});

/** API.md's delivery status is closed: sent, failed, or retrying (anything still on its way). */
const deliveryView = (d: EventDelivery) => ({
  id: d.id,
  eventLogId: d.eventLogId,
  topic: d.topic,
  status: d.status === 'sent' || d.status === 'failed' ? d.status : 'retrying',
  attempts: d.attempts,
  responseCode: d.responseCode,
  responseBody: d.responseBody,
  durationMs: d.durationMs,
  lastError: d.lastError,
  nextRetryAt: iso(d.nextAttemptAt),
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});

const plugin: FastifyPluginAsync = async (app) => {
  const service = new EventWebhookService(app.qrdrop, (error, what) => app.log.error({ err: error }, what));
  service.start();
  app.decorate('qrdropEventWebhooks', service);
  app.addHook('preClose', async () => service.stop());

  const base = '/api/v1/projects/:projectId/webhooks';
  const guard = (bucket: 'read' | 'other') => ({ preHandler: [requireApiKey, rateLimitKey(bucket), requireProject] });
  const checkUrl = (url: string) => {
    const { config } = app.qrdrop;
    const verdict = checkWebhookUrl(url, { allowPrivate: config.webhookAllowPrivate, serverOrigin: config.publicUrl });
    if (!verdict.ok) throw Errors.badRequest(verdict.reason ?? 'url is not allowed.', 'url_not_allowed');
  };
  /** The caller's own webhook, or 404 (another key's looks the same as a missing one). */
  const owned = async (request: FastifyRequest): Promise<EventWebhook> => {
    const hook = await app.qrdrop.eventWebhooks.find(param(request, 'id'));
    if (hook === undefined || hook.apiKeyId !== apiKeyOf(request).id) throw webhookNotFound();
    return hook;
  };

  app.get(base, guard('read'), async (request) => (await app.qrdrop.eventWebhooks.listOfKey(apiKeyOf(request).id)).map(view));

  app.post(base, guard('other'), async (request, reply) => {
    const { eventWebhooks, now } = app.qrdrop;
    const body = parseInput(CreateBody, request.body, 'invalid_webhook');
    checkUrl(body.url);
    const keyId = apiKeyOf(request).id;
    if ((await eventWebhooks.listOfKey(keyId)).length >= EVENT_WEBHOOKS.perKeyMax) {
      throw Errors.badRequest(`A key may have at most ${EVENT_WEBHOOKS.perKeyMax} webhooks.`, 'too_many_webhooks');
    }
    return reply.code(201).send(view(await eventWebhooks.create(keyId, body, now())));
  });

  app.patch(`${base}/:id`, guard('other'), async (request) => {
    const hook = await owned(request);
    const body = parseInput(UpdateBody, request.body, 'invalid_webhook');
    if (body.url !== undefined) checkUrl(body.url);
    const { isActive, ...settings } = body;
    const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
    return view(await app.qrdrop.eventWebhooks.save(hook, { ...changes, ...(isActive === undefined ? {} : { isActive }) }, app.qrdrop.now()));
  });

  app.delete(`${base}/:id`, guard('other'), async (request, reply) => {
    await app.qrdrop.eventWebhooks.delete((await owned(request)).id, app.qrdrop.now());
    return reply.code(204).send();
  });

  app.post(`${base}/:id/test`, guard('other'), async (request) => {
    await service.sendTest(await owned(request));
    return { message: 'Test event queued; see its delivery in the deliveries log.' };
  });

  app.get(`${base}/:id/deliveries`, guard('read'), async (request) => {
    const hook = await owned(request);
    const { page, limit } = parseInput(DeliveriesQuery, request.query, 'invalid_field');
    const { rows, total } = await app.qrdrop.eventWebhooks.listDeliveries(hook.id, limit, (page - 1) * limit);
    return { deliveries: rows.map(deliveryView), total, page, limit };
  });

  app.post(`${base}/:id/deliveries/:deliveryId/retry`, guard('other'), async (request) => {
    const hook = await owned(request);
    const delivery = await app.qrdrop.eventWebhooks.findDelivery(param(request, 'deliveryId'));
    if (delivery === undefined || delivery.webhookId !== hook.id) throw new HttpError(404, 'delivery_not_found', 'Delivery not found.');
    if (!(await service.retry(delivery.id))) throw new HttpError(409, 'delivery_in_flight', 'This delivery is being sent right now.');
    return { message: 'Delivery queued for another try.' };
  });
};

// Not encapsulated (Fastify's `skip-override`), so `qrdropEventWebhooks` is visible to the session routes.
export const eventWebhookRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
