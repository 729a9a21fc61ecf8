import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { hashApiKey } from '../api-key';
import { apiKeyOf, rateLimitKey, requireApiKey } from '../auth';
import { Errors, HttpError } from '../errors';
import { isIpRule } from '../integrator/key-policy';
import type { KeyRecord } from '../integrator/key-store';
import { defaultDestinationsOf, KEY_PREFIX_LENGTH, keyView } from '../integrator/key-view';
import { param, requireProject } from '../integrator/project';
import { MIME_TYPES, SESSION } from '../limits';
import { parseInput } from '../parse-input';

const KEYS = { perCreatorMax: 50, labelMaxLength: 100, rulesMax: 50, randomBytes: 24 } as const;

const wholeNumber = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}, or null`;
  return v.nullable(v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message)));
};
const Settings = {
  label: v.pipe(v.string('label must be a string'), v.trim(), v.minLength(1, 'label must not be empty'), v.maxLength(KEYS.labelMaxLength, `label must be at most ${KEYS.labelMaxLength} characters`)),
  maxImages: wholeNumber('maxImages', SESSION.maxImagesMin, SESSION.maxImagesMax),
  allowedMimeTypes: v.nullable(
    v.pipe(
      v.array(v.picklist(MIME_TYPES, `allowedMimeTypes must contain only ${MIME_TYPES.join(', ')}`), 'allowedMimeTypes must be an array'),
      v.minLength(1, 'allowedMimeTypes must name at least one type'),
    ),
  ),
  maxImageDimension: wholeNumber('maxImageDimension', SESSION.maxImageDimensionMin, SESSION.maxImageDimensionMax),
  allowedIps: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.check(isIpRule, 'allowedIps must hold IP addresses or CIDR blocks such as 203.0.113.0/24')), 'allowedIps must be an array'),
    v.maxLength(KEYS.rulesMax, `allowedIps may hold at most ${KEYS.rulesMax} entries`),
  ),
  allowedDomains: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9*.-]{1,253}$/, 'allowedDomains must hold host names')), 'allowedDomains must be an array'),
    v.maxLength(KEYS.rulesMax, `allowedDomains may hold at most ${KEYS.rulesMax} entries`),
  ),
};
const CreateBody = v.object({
  label: Settings.label,
  env: v.optional(v.picklist(['live', 'test'], 'env must be "live" or "test"')),
  maxImages: v.optional(Settings.maxImages),
  allowedMimeTypes: v.optional(Settings.allowedMimeTypes),
  maxImageDimension: v.optional(Settings.maxImageDimension),
});
const UpdateBody = v.object({
  label: v.optional(Settings.label),
  isActive: v.optional(v.boolean('isActive must be true or false')),
  maxImages: v.optional(Settings.maxImages),
  allowedMimeTypes: v.optional(Settings.allowedMimeTypes),
  maxImageDimension: v.optional(Settings.maxImageDimension),
  allowedIps: v.optional(Settings.allowedIps),
  allowedDomains: v.optional(Settings.allowedDomains),
  requireSignature: v.optional(v.boolean('requireSignature must be true or false')),
});
// The one snake_case body of this family (API.md): Apertur's SDKs send it so.
const DestinationsBody = v.object({
  destination_ids: v.pipe(v.array(v.string('destination_ids must hold strings'), 'destination_ids must be an array of destination ids'), v.maxLength(SESSION.destinationIdsMax, `destination_ids may hold at most ${SESSION.destinationIdsMax} ids`)),
  long_polling_enabled: v.optional(v.boolean('long_polling_enabled must be true or false')),
});

const keyNotFound = () => new HttpError(404, 'key_not_found', 'API key not found.');

/**
 * A key another key may manage: itself and the keys it created. Any other id looks missing (404), so a key learns
 * nothing about keys it does not own.
 */
async function manageableKey(request: FastifyRequest, keyId: string): Promise<KeyRecord> {
  const callerId = apiKeyOf(request).id;
  const key = await request.server.qrdrop.apiKeys.find(keyId);
  if (key === undefined || (key.id !== callerId && key.createdBy !== callerId)) throw keyNotFound();
  return key;
}

/** API keys of the implicit project (`/api/v1/projects/qrdrop/keys`) and `PUT /api/v1/keys/{keyId}/destinations`. */
export const keyRoutes: FastifyPluginAsync = async (app) => {
  const base = '/api/v1/projects/:projectId/keys';
  const guard = (bucket: 'read' | 'other') => ({ preHandler: [requireApiKey, rateLimitKey(bucket), requireProject] });
  const view = (key: KeyRecord) => keyView(app.qrdrop.destinations, app.qrdrop.config, key);

  app.get(base, guard('read'), async (request) => Promise.all((await app.qrdrop.apiKeys.listVisible(apiKeyOf(request).id)).map(view)));

  app.post(base, guard('other'), async (request, reply) => {
    const { apiKeys, now } = app.qrdrop;
    const body = parseInput(CreateBody, request.body, 'invalid_field');
    const caller = apiKeyOf(request);
    if ((await apiKeys.countCreatedBy(caller.id)) >= KEYS.perCreatorMax) {
      throw Errors.badRequest(`A key may create at most ${KEYS.perCreatorMax} keys.`, 'too_many_keys');
    }
    const env = body.env ?? caller.env;
    const plainTextKey = `aptr_${env}_${randomBytes(KEYS.randomBytes).toString('hex')}`;
    const hash = hashApiKey(plainTextKey);
    const created = await apiKeys.insert(
      {
        id: `key_${hash.slice(0, 24)}`,
        hash,
        prefix: plainTextKey.slice(0, KEY_PREFIX_LENGTH),
        env,
        createdBy: caller.id,
        settings: { label: body.label, maxImages: body.maxImages, allowedMimeTypes: body.allowedMimeTypes, maxImageDimension: body.maxImageDimension },
      },
      now(),
    );
    // The only time the key is ever shown: the server keeps its SHA-256 alone.
    return reply.code(201).send({ key: await view(created), plainTextKey });
  });

  app.patch(`${base}/:keyId`, guard('other'), async (request) => {
    const key = await manageableKey(request, param(request, 'keyId'));
    const body = parseInput(UpdateBody, request.body, 'invalid_field');
    // A key switching itself off could never switch itself on again.
    if (body.isActive === false && key.id === apiKeyOf(request).id) {
      throw Errors.badRequest('A key cannot switch itself off; use the key that created it.', 'invalid_field');
    }
    if (body.requireSignature === true && key.signingSecret === null) {
      throw Errors.badRequest('Create a signing secret (POST …/keys/{keyId}/signing-secret) before requiring signatures.', 'invalid_field');
    }
    const updated = await app.qrdrop.apiKeys.update(key.id, body);
    if (updated === undefined) throw keyNotFound();
    return view(updated);
  });

  app.delete(`${base}/:keyId`, guard('other'), async (request, reply) => {
    const key = await manageableKey(request, param(request, 'keyId'));
    if (key.source === 'config') {
      throw new HttpError(403, 'key_configured', 'This key comes from QRDROP_API_KEYS: remove it there and restart the server.');
    }
    if (!(await app.qrdrop.apiKeys.delete(key.id, app.qrdrop.now()))) throw keyNotFound();
    return reply.code(204).send();
  });

  // qrdrop: the secret of X-Aptr-Signature, shown once. A new one replaces the old at once.
  app.post(`${base}/:keyId/signing-secret`, guard('other'), async (request, reply) => {
    const key = await manageableKey(request, param(request, 'keyId'));
    const signingSecret = randomBytes(32).toString('hex');
    await app.qrdrop.apiKeys.setSigningSecret(key.id, signingSecret);
    return reply.code(201).send({ keyId: key.id, signingSecret });
  });

  app.put('/api/v1/keys/:keyId/destinations', { preHandler: [requireApiKey, rateLimitKey('other')] }, async (request) => {
    const { destinations, now } = app.qrdrop;
    const key = await manageableKey(request, param(request, 'keyId'));
    const body = parseInput(DestinationsBody, request.body, 'invalid_field');
    const ids = [...new Set(body.destination_ids)];
    if (!(await destinations.setDefaults(key.id, ids, now()))) {
      throw Errors.badRequest('destination_ids must name destinations of this key.', 'invalid_destination');
    }
    const updated = body.long_polling_enabled === undefined ? key : ((await app.qrdrop.apiKeys.update(key.id, { longPolling: body.long_polling_enabled })) ?? key);
    return { destinations: await defaultDestinationsOf(destinations, key.id), longPollingEnabled: updated.longPolling };
  });
};
