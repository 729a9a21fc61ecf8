import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyIdentity } from '../api-key';
import type { ApiKeyStore } from '../cluster/api-key-store';
import { Errors, HttpError } from '../errors';
import { checkRequestSignature } from './request-signing';

/** The identity of an API-created key, by the SHA-256 of the presented key; undefined if none (or deleted). */
export async function storedKeyIdentity(keys: ApiKeyStore, hash: string): Promise<ApiKeyIdentity | undefined> {
  const record = await keys.findApiKeyByHash(hash);
  return record === undefined ? undefined : { id: record.id, env: record.env };
}

/** An address or an IPv4/IPv6 CIDR block of `allowedIps`, as written by the integrator. */
export function isIpRule(rule: string): boolean {
  const [address, bits, extra] = rule.split('/');
  if (address === undefined || extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function allows(rules: readonly string[], ip: string): boolean {
  const list = new BlockList();
  for (const rule of rules) {
    const [address = '', bits] = rule.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  // An IPv4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  return list.check(ip, family) || (mapped !== undefined && list.check(mapped, 'ipv4'));
}

/**
 * `allowedDomains` judges the Origin a browser sends: its host must be one of them, or under a `*.` entry.
 * Requests without Origin (servers, SDKs) are not browsers' and pass; a browser cannot leave Origin out of them.
 */
function domainAllowed(domains: readonly string[], origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((domain) => (domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain));
}

/**
 * What a key's own settings add to authentication: a switched-off key is refused like an unknown one (401), a
 * key with `allowedIps` answers 403 to any other address (API.md), one with `allowedDomains` to another site's
 * page, and its use is recorded for `lastUsedAt`.
 */
export async function checkKeyPolicy(request: FastifyRequest, identity: ApiKeyIdentity): Promise<void> {
  const { apiKeys, now } = request.server.qrdrop;
  const record = await apiKeys.find(identity.id);
  if (record === undefined) return;
  if (!record.isActive) throw Errors.unauthorized('This API key is switched off.', 'key_inactive');
  if (record.allowedIps.length > 0 && !allows(record.allowedIps, request.ip)) {
    throw new HttpError(403, 'ip_not_allowed', 'This API key may not be used from this address.');
  }
  const origin = request.headers.origin;
  if (record.allowedDomains.length > 0 && origin !== undefined && !domainAllowed(record.allowedDomains, origin)) {
    throw new HttpError(403, 'domain_not_allowed', 'This API key may not be used from this site.');
  }
  checkRequestSignature(request, record, now());
  await apiKeys.touch(record.id, now());
}
