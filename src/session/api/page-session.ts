import type { ParseResult } from '../../lib/parse-result';

const STATUSES = ['pending', 'active', 'completed', 'expired'] as const;

/** The page's view of a session: `GET /api/v1/upload/{id}/session` (API.md "Read"), qrdrop fields included. */
export interface SessionRead {
  id: string;
  status: (typeof STATUSES)[number];
  /** Epoch ms, on the server's clock (the answer's ISO 8601 date, which must be one). */
  expiresAt: number;
  tags: string[];
  /** Counts: integers ≥ 0. */
  imagesPerSession: number;
  effectiveMaxImages: number;
  /** At least one. */
  effectiveAllowedMimeTypes: string[];
  /** An integer ≥ 1, or null for "as taken". */
  effectiveMaxImageDimension: number | null;
  password_protected: boolean;
  imagesCount: number;
  /** An integer ≥ 1. */
  effectiveMaxImageSizeBytes: number;
  label?: string | null | undefined;
  /**
   * (qrdrop) End-to-end encryption: photos are sealed on this page for this key. The server sends
   * `e2eEnabled: true` exactly when it sends a key; the page goes by the key (one field less in the first bundle).
   */
  e2ePublicKey?: string | null | undefined;
  e2eAllowDowngrade?: boolean | undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isPositive = (value: unknown): value is number => isCount(value) && value >= 1;
const isStatus = (value: unknown): value is SessionRead['status'] => STATUSES.some((status) => status === value);

function isStringArray(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) if (!isString(value[index])) return false;
  return true;
}

/**
 * The session read checked field by field, by hand rather than with valibot, which would be ~2.5 KB gzip of the
 * phone's first bundle. The same checks and the same output as the valibot schema it replaced (page-session.test.ts
 * holds that schema and compares the two on generated answers): unknown fields dropped, `tags` defaulting to [],
 * optional fields present only when the answer has them, `expiresAt` a date. A malformed answer is refused whole.
 */
export function parsePageSession(value: unknown): ParseResult<SessionRead> {
  if (typeof value !== 'object' || value === null) return { success: false };
  const json = value as Record<string, unknown>;
  const { id, status, expiresAt, tags, imagesPerSession, effectiveMaxImages, effectiveAllowedMimeTypes, imagesCount } = json;
  const { effectiveMaxImageDimension, password_protected, effectiveMaxImageSizeBytes, label, e2ePublicKey, e2eAllowDowngrade } = json;
  const expiresAtMs = isString(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (
    !isString(id) ||
    !isStatus(status) ||
    Number.isNaN(expiresAtMs) ||
    !(tags === undefined || isStringArray(tags)) ||
    !isCount(imagesPerSession) ||
    !isCount(effectiveMaxImages) ||
    !isStringArray(effectiveAllowedMimeTypes) ||
    effectiveAllowedMimeTypes.length === 0 ||
    !(effectiveMaxImageDimension === null || isPositive(effectiveMaxImageDimension)) ||
    typeof password_protected !== 'boolean' ||
    !isCount(imagesCount) ||
    !isPositive(effectiveMaxImageSizeBytes) ||
    !(label === undefined || label === null || isString(label)) ||
    !(e2ePublicKey === undefined || e2ePublicKey === null || isString(e2ePublicKey)) ||
    !(e2eAllowDowngrade === undefined || typeof e2eAllowDowngrade === 'boolean')
  ) {
    return { success: false };
  }
  const output: SessionRead = {
    id,
    status,
    expiresAt: expiresAtMs,
    tags: tags === undefined ? [] : [...tags],
    imagesPerSession,
    effectiveMaxImages,
    effectiveAllowedMimeTypes: [...effectiveAllowedMimeTypes],
    effectiveMaxImageDimension,
    password_protected,
    imagesCount,
    effectiveMaxImageSizeBytes,
  };
  // Present when the answer has them, as valibot's object() does (`key in`, not `!== undefined`).
  if ('label' in json) output.label = label;
  if ('e2ePublicKey' in json) output.e2ePublicKey = e2ePublicKey;
  if ('e2eAllowDowngrade' in json) output.e2eAllowDowngrade = e2eAllowDowngrade;
  return { success: true, output };
}
