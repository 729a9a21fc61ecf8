import path from 'node:path';
import * as v from 'valibot';
import { type ClusterConfig, readClusterConfig } from './cluster/cluster-config';
import { parseOriginList } from './integrator/cors-origins';
import { DELIVERY, MB, RATE_LIMITS, SESSION, TIMEOUTS } from './limits';

/** Parsed, validated server configuration. Built once at start-up from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Origin that goes into QR codes and upload URLs, without a trailing slash. */
  publicUrl: string;
  apiKeys: string[];
  maxImageSizeBytesDefault: number;
  rateLimits: {
    sessionCreatesPerKey: number;
    sessionReadsPerKey: number;
    otherRequestsPerKey: number;
    uploadsPerSession: number;
    windowMs: number;
  };
  longPollMaxMs: number;
  /** How long slow or idle clients may hold a connection (limits.ts TIMEOUTS says what each one cuts). */
  timeouts: {
    headersMs: number;
    idleMs: number;
    requestMs: number;
    keepAliveMs: number;
  };
  /** Allow webhook URLs on loopback/private/link-local addresses (off by default: SSRF guard). */
  webhookAllowPrivate: boolean;
  /** First webhook retry delay; later ones double (WEBHOOK_RETRY_BASE_MS). */
  webhookRetryBaseMs: number;
  /** Absolute folder every photo is also copied into (DELIVERY_FOLDER), or null for none. */
  deliveryFolder: string | null;
  /** Where the built page lives (index.html + assets). */
  distDir: string;
  trustProxy: boolean;
  /** Outgoing mail for `POST …/share` (SMTP_URL, SMTP_FROM), or null: the email channel answers 501. */
  smtp: { url: string; from: string } | null;
  /** Origins allowed to call the integrator routes from a browser (INTEGRATOR_CORS_ORIGINS); none by default. */
  integratorCorsOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Cluster mode (DATABASE_URL + S3_BUCKET), or null: SQLite and the data folder, as `npm start` runs. */
  cluster: ClusterConfig | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const intInRange = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );

const bool = (name: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.picklist(['1', '0', 'true', 'false', 'yes', 'no'], `${name} must be true or false`),
    v.transform((s) => s === '1' || s === 'true' || s === 'yes'),
  );

const EnvSchema = v.object({
  PORT: v.optional(intInRange('PORT', 0, 65535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'HOST must not be empty')), '127.0.0.1'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'DATA_DIR must not be empty')), './data'),
  PUBLIC_URL: v.optional(
    v.pipe(v.string(), v.trim(), v.url('PUBLIC_URL must be an absolute URL such as https://photos.example.com')),
  ),
  QRDROP_API_KEYS: v.optional(v.string(), ''),
  MAX_IMAGE_SIZE_MB: v.optional(intInRange('MAX_IMAGE_SIZE_MB', 1, 200), String(SESSION.maxImageSizeMbDefault)),
  RATE_LIMIT_SESSION_CREATES: v.optional(intInRange('RATE_LIMIT_SESSION_CREATES', 1, 1_000_000), String(RATE_LIMITS.sessionCreatesPerKey)),
  RATE_LIMIT_SESSION_READS: v.optional(intInRange('RATE_LIMIT_SESSION_READS', 1, 1_000_000), String(RATE_LIMITS.sessionReadsPerKey)),
  RATE_LIMIT_OTHER: v.optional(intInRange('RATE_LIMIT_OTHER', 1, 1_000_000), String(RATE_LIMITS.otherRequestsPerKey)),
  RATE_LIMIT_UPLOADS_PER_SESSION: v.optional(intInRange('RATE_LIMIT_UPLOADS_PER_SESSION', 1, 1_000_000), String(RATE_LIMITS.uploadsPerSession)),
  LONG_POLL_MAX_SECONDS: v.optional(intInRange('LONG_POLL_MAX_SECONDS', 1, 3600), String(TIMEOUTS.longPollMaxMs / 1000)),
  HEADERS_TIMEOUT_MS: v.optional(intInRange('HEADERS_TIMEOUT_MS', 10, 3_600_000), String(TIMEOUTS.headersMs)),
  IDLE_TIMEOUT_MS: v.optional(intInRange('IDLE_TIMEOUT_MS', 10, 3_600_000), String(TIMEOUTS.idleMs)),
  REQUEST_TIMEOUT_MS: v.optional(intInRange('REQUEST_TIMEOUT_MS', 10, 24 * 3_600_000), String(TIMEOUTS.requestMs)),
  KEEP_ALIVE_TIMEOUT_MS: v.optional(intInRange('KEEP_ALIVE_TIMEOUT_MS', 10, 3_600_000), String(TIMEOUTS.keepAliveMs)),
  WEBHOOK_ALLOW_PRIVATE: v.optional(bool('WEBHOOK_ALLOW_PRIVATE'), 'false'),
  WEBHOOK_RETRY_BASE_MS: v.optional(intInRange('WEBHOOK_RETRY_BASE_MS', 1, 3_600_000), String(DELIVERY.retryBaseMsDefault)),
  DELIVERY_FOLDER: v.optional(v.string(), ''),
  TRUST_PROXY: v.optional(bool('TRUST_PROXY'), 'false'),
  DIST_DIR: v.optional(v.string(), ''),
  SMTP_URL: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:pass@mail.example.com:465'))),
  SMTP_FROM: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[^\r\n]{3,320}$/, 'SMTP_FROM must be one sender address, such as "qrdrop <photos@example.com>"'))),
  INTEGRATOR_CORS_ORIGINS: v.optional(v.string(), ''),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'), 'info'),
});

const API_KEY_PATTERN = /^[A-Za-z0-9_\-.]{16,200}$/;

/** Reads configuration from an environment-like record. Throws ConfigError with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = v.safeParse(EnvSchema, defined);
  if (!result.success) {
    const lines = result.issues.map((issue) => `  - ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.output;
  const apiKeys = e.QRDROP_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean);
  const badKey = apiKeys.find((k) => !API_KEY_PATTERN.test(k));
  if (badKey !== undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  - QRDROP_API_KEYS: each key must be 16–200 characters of letters, digits, "_", "-" or "."',
    );
  }
  // Node refuses a headers deadline later than the whole request's.
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration:\n  - HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const protocol = new URL(publicUrl).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError('Invalid configuration:\n  - PUBLIC_URL must use http or https');
  }
  if ((e.SMTP_URL === undefined) !== (e.SMTP_FROM === undefined)) {
    throw new ConfigError('Invalid configuration:\n  - SMTP_URL and SMTP_FROM go together: set both or neither');
  }
  const cluster = readClusterConfig(env);
  if (Array.isArray(cluster)) throw new ConfigError(`Invalid configuration:\n${cluster.map((line) => `  - ${line}`).join('\n')}`);
  // The folder destination writes to one machine's disk: a cluster has no such place.
  if (cluster !== null && e.DELIVERY_FOLDER.trim() !== '') {
    throw new ConfigError('Invalid configuration:\n  - DELIVERY_FOLDER is a folder on one machine and cannot be used in cluster mode (DATABASE_URL + S3_BUCKET)');
  }
  const integratorCorsOrigins = parseOriginList(e.INTEGRATOR_CORS_ORIGINS);
  if (typeof integratorCorsOrigins === 'string') {
    throw new ConfigError(`Invalid configuration:\n  - INTEGRATOR_CORS_ORIGINS: "${integratorCorsOrigins}" is not an origin such as https://app.example.com`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    publicUrl,
    apiKeys,
    maxImageSizeBytesDefault: e.MAX_IMAGE_SIZE_MB * MB,
    rateLimits: {
      sessionCreatesPerKey: e.RATE_LIMIT_SESSION_CREATES,
      sessionReadsPerKey: e.RATE_LIMIT_SESSION_READS,
      otherRequestsPerKey: e.RATE_LIMIT_OTHER,
      uploadsPerSession: e.RATE_LIMIT_UPLOADS_PER_SESSION,
      windowMs: RATE_LIMITS.windowMs,
    },
    longPollMaxMs: e.LONG_POLL_MAX_SECONDS * 1000,
    timeouts: {
      headersMs: e.HEADERS_TIMEOUT_MS,
      idleMs: e.IDLE_TIMEOUT_MS,
      requestMs: e.REQUEST_TIMEOUT_MS,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
    },
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    deliveryFolder: e.DELIVERY_FOLDER.trim() === '' ? null : path.resolve(cwd, e.DELIVERY_FOLDER.trim()),
    distDir: path.resolve(cwd, e.DIST_DIR || 'dist'),
    trustProxy: e.TRUST_PROXY,
    smtp: e.SMTP_URL === undefined || e.SMTP_FROM === undefined ? null : { url: e.SMTP_URL, from: e.SMTP_FROM },
    integratorCorsOrigins,
    logLevel: e.LOG_LEVEL,
    cluster,
  };
}
