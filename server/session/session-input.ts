import * as v from 'valibot';
import { checkE2ePublicKey } from '../encryption/e2e-public-key';
import { Errors } from '../errors';
import { MIME_TYPES, SESSION } from '../limits';

/**
 * Request bodies of the integrator session routes, field by field as API.md's table says. Every message names
 * its field, so a 400 tells the integrator exactly what to fix. Unknown fields are ignored (not refused): SDKs
 * of the Apertur API may send fields qrdrop does not know, and must keep working.
 */
const wholeNumber = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};

const maxImages = wholeNumber('max_images', SESSION.maxImagesMin, SESSION.maxImagesMax);

const allowedMimeTypes = v.pipe(
  v.array(
    v.pipe(
      v.string(`allowed_mime_types must contain only ${MIME_TYPES.join(', ')}`),
      v.trim(),
      v.toLowerCase(),
      v.picklist(MIME_TYPES, `allowed_mime_types must contain only ${MIME_TYPES.join(', ')}`),
    ),
    `allowed_mime_types must be an array of types among ${MIME_TYPES.join(', ')}`,
  ),
  v.minLength(1, 'allowed_mime_types must name at least one type'),
  v.transform((types) => [...new Set(types)]),
);

const maxImageDimension = v.nullable(
  wholeNumber('max_image_dimension', SESSION.maxImageDimensionMin, SESSION.maxImageDimensionMax),
);

const sizeMessage = `max_image_size_mb must be a number from ${SESSION.maxImageSizeMbMin} to ${SESSION.maxImageSizeMbMax}`;
const maxImageSizeMb = v.pipe(
  v.number(sizeMessage),
  v.minValue(SESSION.maxImageSizeMbMin, sizeMessage),
  v.maxValue(SESSION.maxImageSizeMbMax, sizeMessage),
);

const expiresInHours = wholeNumber('expires_in_hours', SESSION.expiresInHoursMin, SESSION.expiresInHoursMax);

/** An ISO 8601 date-time with its time zone (`2030-01-01T12:00:00Z`, `...+02:00`), as ms since epoch. */
const expiresAt = v.pipe(
  v.string('expires_at must be an ISO 8601 date-time such as 2030-01-01T12:00:00Z'),
  v.isoTimestamp('expires_at must be an ISO 8601 date-time with a time zone, such as 2030-01-01T12:00:00Z'),
  v.transform((text) => Date.parse(text)),
  v.check((ms) => Number.isFinite(ms), 'expires_at is not a valid date'),
);

const passwordMessage = `password must be a string of ${SESSION.passwordMinLength} to ${SESSION.passwordMaxLength} characters`;
const password = v.nullable(
  v.pipe(
    v.string(passwordMessage),
    v.minLength(SESSION.passwordMinLength, passwordMessage),
    v.maxLength(SESSION.passwordMaxLength, passwordMessage),
  ),
);

const tagMessage = `each tag must be a non-empty string of at most ${SESSION.tagMaxLength} characters`;
const tags = v.pipe(
  v.array(v.pipe(v.string(tagMessage), v.trim(), v.minLength(1, tagMessage), v.maxLength(SESSION.tagMaxLength, tagMessage)), 'tags must be an array of strings'),
  v.maxLength(SESSION.tagsMax, `tags may hold at most ${SESSION.tagsMax} tags`),
);

const label = v.nullable(
  v.pipe(
    v.string('label must be a string'),
    v.trim(),
    v.maxLength(SESSION.labelMaxLength, `label must be at most ${SESSION.labelMaxLength} characters`),
    // An empty label means no label: the page then shows its default title.
    v.transform((text) => (text === '' ? null : text)),
  ),
);

const destinationMessage = `each destination id must be a non-empty string of at most ${SESSION.destinationIdMaxLength} characters`;
const destinationIds = v.pipe(
  v.array(
    v.pipe(v.string(destinationMessage), v.minLength(1, destinationMessage), v.maxLength(SESSION.destinationIdMaxLength, destinationMessage)),
    'destination_ids must be an array of strings',
  ),
  v.maxLength(SESSION.destinationIdsMax, `destination_ids may hold at most ${SESSION.destinationIdsMax} ids`),
  v.transform((ids) => [...new Set(ids)]),
);

/** (qrdrop) The integrator's end-to-end key: photos are sealed for it on the phone; the server cannot open them. */
const e2ePublicKey = v.nullable(
  v.pipe(
    v.string('e2e_public_key must be an SPKI PEM string'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const verdict = checkE2ePublicKey(dataset.value);
      if (verdict.ok) return verdict.pem;
      addIssue({ message: `e2e_public_key ${verdict.reason}` });
      return NEVER;
    }),
  ),
);

const BODY_MESSAGE = 'The body must be a JSON object';

export const CreateSessionBody = v.object(
  {
    max_images: v.optional(maxImages),
    allowed_mime_types: v.optional(allowedMimeTypes),
    max_image_dimension: v.optional(maxImageDimension),
    max_image_size_mb: v.optional(maxImageSizeMb),
    expires_in_hours: v.optional(expiresInHours),
    expires_at: v.optional(expiresAt),
    password: v.optional(password),
    tags: v.optional(tags),
    long_polling: v.optional(v.boolean('long_polling must be true or false')),
    label: v.optional(label),
    destination_ids: v.optional(destinationIds),
    e2e_public_key: v.optional(e2ePublicKey),
    e2e_allow_downgrade: v.optional(v.boolean('e2e_allow_downgrade must be true or false')),
  },
  BODY_MESSAGE,
);
export type CreateSessionInput = v.InferOutput<typeof CreateSessionBody>;

/** PATCH takes the settings API.md lists; `password: null` and `max_image_dimension: null` remove them. */
export const UpdateSessionBody = v.object(
  {
    expires_at: v.optional(expiresAt),
    max_images: v.optional(maxImages),
    allowed_mime_types: v.optional(allowedMimeTypes),
    max_image_dimension: v.optional(maxImageDimension),
    max_image_size_mb: v.optional(maxImageSizeMb),
    password: v.optional(password),
  },
  BODY_MESSAGE,
);
export type UpdateSessionInput = v.InferOutput<typeof UpdateSessionBody>;

/** The `:uuid` of the session routes (page and integrator); an unknown or malformed id is the store's 404. */
export const SessionParams = v.object({ uuid: v.string() });

const HOUR_MS = 60 * 60 * 1000;

/**
 * The expiry instant of a create or update: after `now`, and no further than the longest lifetime a session may
 * have (the id is a bearer capability; it should not stay valid for months).
 */
export function checkExpiry(expiresAtMs: number, now: number): number {
  if (expiresAtMs <= now) throw Errors.badRequest('expires_at must be in the future.', 'invalid_field');
  if (expiresAtMs > now + SESSION.expiresInHoursMax * HOUR_MS) {
    throw Errors.badRequest(`expires_at must be at most ${SESSION.expiresInHoursMax} hours from now.`, 'invalid_field');
  }
  return expiresAtMs;
}

export const hoursFromNow = (hours: number, now: number): number => now + hours * HOUR_MS;
