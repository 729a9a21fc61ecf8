import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiKeyIdentity, hashApiKey } from './api-key';
import type { Config } from './config';
import type { Db } from './db';
import { Errors } from './errors';
import { checkKeyPolicy, storedKeyIdentity } from './integrator/key-policy';
import { RATE_LIMITS } from './limits';
import { applyRateLimit, rateLimitError } from './rate-limit';
import { type Session, sessionOr404 } from './session/session-store';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireApiKey`; read it with `apiKeyOf(request)`. */
    apiKey?: ApiKeyIdentity;
  }
}

/** The id is derived from the hash, so the same key keeps its sessions across restarts without storing the key. */
function identityOf(key: string): { hash: string; identity: ApiKeyIdentity } {
  const hash = hashApiKey(key);
  return { hash, identity: { id: `key_${hash.slice(0, 24)}`, env: key.startsWith('aptr_test_') ? 'test' : 'live' } };
}

/**
 * The keys accepted right now are exactly those of the configuration: a key removed from QRDROP_API_KEYS stops
 * working at the next start even though its row stays (its sessions reference it).
 */
const activeKeys = new WeakMap<Config, Map<string, ApiKeyIdentity>>();

/** The configured keys (QRDROP_API_KEYS) by SHA-256 hash; ids derive from the hash, the same on every instance. */
export function keysOf(config: Config): Map<string, ApiKeyIdentity> {
  let keys = activeKeys.get(config);
  if (keys === undefined) {
    keys = new Map(config.apiKeys.map((key) => {
      const { hash, identity } = identityOf(key);
      return [hash, identity];
    }));
    activeKeys.set(config, keys);
  }
  return keys;
}

/** Start-up: records every configured key by its SHA-256 hash (never the key itself). */
export function syncApiKeys(db: Db, config: Config, now: number): void {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, key_hash, env, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key_hash) DO UPDATE SET env = excluded.env`,
  );
  db.transaction(() => {
    for (const [hash, identity] of keysOf(config)) insert.run(identity.id, hash, identity.env, now);
  })();
}

/**
 * The key of `Authorization: Bearer <key>`, or 401. The lookup is by SHA-256 of the presented key, so timing
 * reveals nothing an attacker could use to approach a real key. Each 401 counts against the client's address;
 * once RATE_LIMITS.failedKeyAttemptsPerAddress are used up in a window, every request of that address with a key
 * to check gets 429 until the window ends, the right key included (else a 200 among the 429s would still answer
 * the guess).
 */
export async function authenticate(request: FastifyRequest): Promise<ApiKeyIdentity> {
  const { config, apiKeys, rateLimiter, now } = request.server.qrdrop;
  const bucket = `address:${request.ip}:key-failures`;
  const limit = RATE_LIMITS.failedKeyAttemptsPerAddress;
  const before = await rateLimiter.peek(bucket, limit);
  if (!before.allowed) throw rateLimitError(before, now());
  const refuse = async () => {
    await rateLimiter.hit(bucket, limit, config.rateLimits.windowMs);
    return Errors.unauthorized();
  };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const key = match?.[1];
  if (key === undefined) throw await refuse();
  const hash = hashApiKey(key);
  const identity = keysOf(config).get(hash) ?? (await storedKeyIdentity(apiKeys, hash));
  if (identity === undefined) throw await refuse();
  await checkKeyPolicy(request, identity);
  return identity;
}

/** preHandler of every integrator route. */
export async function requireApiKey(request: FastifyRequest): Promise<void> {
  request.apiKey = await authenticate(request);
}

/** The caller's key on a route guarded by `requireApiKey` (which checked it before the handler ran). */
export function apiKeyOf(request: FastifyRequest): ApiKeyIdentity {
  if (request.apiKey === undefined) throw new Error('apiKeyOf on a route without requireApiKey');
  return request.apiKey;
}

export type KeyBucket = 'create' | 'read' | 'other';

/** preHandler (after `requireApiKey`): counts the request in one of the key's per-minute buckets; 429 past it. */
export function rateLimitKey(bucket: KeyBucket) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { rateLimiter, config, now } = request.server.qrdrop;
    const limits = config.rateLimits;
    const limit =
      bucket === 'create' ? limits.sessionCreatesPerKey : bucket === 'read' ? limits.sessionReadsPerKey : limits.otherRequestsPerKey;
    const result = await rateLimiter.hit(`key:${apiKeyOf(request).id}:${bucket}`, limit, limits.windowMs);
    applyRateLimit(reply, result, now());
  };
}

/**
 * The session, if this key created it. 404 for unknown or malformed ids; 403 for a session of another key (API.md:
 * "key valid but not allowed for this session"). Ids are 122 random bits, so the 403/404 difference tells an
 * attacker nothing they could not already know. Sessions created without a key belong to no key.
 */
export async function ownedSession(request: FastifyRequest, id: string): Promise<Session> {
  const session = await sessionOr404(request.server.qrdrop.uploads, id);
  if (session.apiKeyId !== apiKeyOf(request).id) throw Errors.forbidden();
  return session;
}
