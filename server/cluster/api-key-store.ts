import type { KeyRecord, KeySettings, NewKey } from '../integrator/key-store';

/**
 * API keys as rows (server/integrator/key-store.ts describes them), asynchronous so one interface covers SQLite
 * (sqlite-api-key-store.ts, today's functions) and PostgreSQL (pg-api-key-store.ts): authentication of
 * API-created keys and their policy, the session defaults of a key, `/api/v1/projects/{id}/keys` and `/stats`.
 * A key created on one instance authenticates on every other.
 */
export interface ApiKeyStore {
  /** A key that is not deleted, by id. */
  find(id: string): Promise<KeyRecord | undefined>;
  /** An API-created key by the hash of the presented key (configured keys are matched from the configuration). */
  findApiKeyByHash(hash: string): Promise<KeyRecord | undefined>;
  /** The keys `callerId` may see: itself and the keys it created, oldest first. */
  listVisible(callerId: string): Promise<KeyRecord[]>;
  countCreatedBy(callerId: string): Promise<number>;
  insert(key: NewKey, now: number): Promise<KeyRecord>;
  /** Applies the settings given (absent ones unchanged, null ones cleared); undefined for an unknown key. */
  update(id: string, settings: KeySettings): Promise<KeyRecord | undefined>;
  /** Soft delete of an API-created key; false when there was none to delete. */
  delete(id: string, now: number): Promise<boolean>;
  /** Records use, at most once a minute per key. */
  touch(id: string, now: number): Promise<void>;
  setSigningSecret(id: string, secret: string): Promise<void>;
}
