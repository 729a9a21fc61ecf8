import type { Destination } from '../delivery/destination-store';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A destination as Apertur's project routes show it: `{id, type, name, config, isActive, createdAt, updatedAt}`.
 * The secret is never in it; the create answer adds it once as `config.secret`.
 */
export function projectDestinationView(destination: Destination) {
  return {
    id: destination.id,
    type: destination.type,
    name: destination.name,
    config: destination.type === 'webhook' ? { url: destination.url, format: destination.format } : {},
    isActive: destination.isActive,
    isDefault: destination.isDefault,
    createdAt: iso(destination.createdAt),
    updatedAt: iso(destination.updatedAt),
  };
}
