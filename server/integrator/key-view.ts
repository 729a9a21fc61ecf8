import { hashApiKey } from '../api-key';
import type { Config } from '../config';
import type { DestinationStore } from '../cluster/destinations';
import type { KeyRecord } from './key-store';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** How many characters of a key its listing shows: the `aptr_live_` / `aptr_test_` part and 4 more. */
export const KEY_PREFIX_LENGTH = 14;

/** The prefix of a configured key, from the configuration (its row holds only the hash). */
function configuredPrefix(config: Config, id: string): string | null {
  const key = config.apiKeys.find((candidate) => `key_${hashApiKey(candidate).slice(0, 24)}` === id);
  return key === undefined ? null : key.slice(0, KEY_PREFIX_LENGTH);
}

/** A key's default destinations: its live webhooks marked default, as `{id, type, name, isActive}`. */
export async function defaultDestinationsOf(destinations: DestinationStore, keyId: string) {
  return (await destinations.listOfKey(keyId))
    .filter((d) => d.isDefault)
    .map((d) => ({ id: d.id, type: d.type, name: d.name, isActive: d.isActive }));
}

/** The ApiKey shape of Apertur's key routes. Never the key itself, nor its hash. */
export async function keyView(destinations: DestinationStore, config: Config, key: KeyRecord) {
  return {
    id: key.id,
    prefix: key.prefix ?? configuredPrefix(config, key.id),
    label: key.label ?? (key.source === 'config' ? 'QRDROP_API_KEYS' : null),
    env: key.env,
    isActive: key.isActive,
    lastUsedAt: iso(key.lastUsedAt),
    maxImages: key.maxImages,
    allowedMimeTypes: key.allowedMimeTypes,
    maxImageDimension: key.maxImageDimension,
    longPollingEnabled: key.longPolling,
    defaultDestinations: await defaultDestinationsOf(destinations, key.id),
    allowedIps: key.allowedIps,
    allowedDomains: key.allowedDomains,
    totpEnabled: false,
    clientCertEnabled: false,
    clientCertFingerprint: null,
    createdAt: iso(key.createdAt),
    // qrdrop: where the key comes from (a configured key cannot be deleted by API), and its request signing.
    source: key.source,
    requireSignature: key.requireSignature,
    hasSigningSecret: key.signingSecret !== null,
  };
}
