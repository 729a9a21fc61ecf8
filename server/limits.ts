/**
 * Every limit, default and timeout of the server in one visible place.
 * Configuration (server/config.ts) may override the ones marked "configurable".
 */
export const MB = 1024 * 1024;

export const SESSION = {
  maxImagesDefault: 10,
  maxImagesMin: 1,
  maxImagesMax: 200,
  expiresInHoursDefault: 1,
  expiresInHoursMin: 1,
  expiresInHoursMax: 168,
  maxImageSizeMbDefault: 20, // configurable: MAX_IMAGE_SIZE_MB
  passwordMinLength: 4,
  passwordMaxLength: 128,
  labelMaxLength: 200,
  tagsMax: 50,
  tagMaxLength: 100,
} as const;

export const MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type MimeType = (typeof MIME_TYPES)[number];

export const UPLOAD = {
  sources: ['camera', 'gallery', 'sdk', 'my-app'] as const,
  defaultSource: 'camera',
  /** Multipart guards: one file, a handful of small text fields. */
  maxParts: 10,
  maxFields: 5,
  maxFieldSizeBytes: 1024,
  maxFilenameLength: 255,
  idempotencyKeyMaxLength: 200,
  /** Decompression-bomb guard: declared pixels beyond this are refused whatever max_image_dimension says. */
  maxPixels: 100_000_000,
} as const;

export const RATE_LIMITS = {
  // configurable: RATE_LIMIT_* (per minute)
  sessionCreatesPerKey: 100,
  sessionReadsPerKey: 300,
  otherRequestsPerKey: 200,
  uploadsPerSession: 30,
  windowMs: 60_000,
} as const;

export const TIMEOUTS = {
  /** Whole-request time for a client to send its headers. */
  headersMs: 30_000,
  /** An upload body must make progress; idle sockets are cut. */
  requestMs: 10 * 60_000,
  keepAliveMs: 5_000,
  /** Long-poll hold for delivery-status (configurable: LONG_POLL_MAX_SECONDS). */
  longPollMaxMs: 5 * 60_000,
  shutdownGraceMs: 15_000,
} as const;

export const BODY = {
  /** JSON bodies on integrator routes are tiny; anything larger is 413. */
  jsonMaxBytes: 64 * 1024,
} as const;

export const LIST = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  recentDefault: 10,
  recentMax: 50,
} as const;
