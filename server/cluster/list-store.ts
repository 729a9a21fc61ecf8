import type { KeyTotals } from '../integrator/stats';
import type { UploadView } from '../integrator/upload-list';
import type { ListedSession } from '../session/session-list';

/**
 * What an integrator's key reads back about its own work, asynchronous so one interface covers SQLite
 * (sqlite-list-store.ts, today's queries) and PostgreSQL (pg-list-store.ts): `GET /api/v1/sessions`, `/uploads`
 * and `/stats`. The same contract tests run against both (list-store-contract.ts). Pages are newest first and
 * never repeat or skip a row: ties in the same millisecond are broken by a unique column of each backend.
 */
export interface ListStore {
  /** One page of the key's sessions with their photo and delivery counts. */
  listSessions(apiKeyId: string, limit: number, offset: number): Promise<ListedSession[]>;
  countSessions(apiKeyId: string): Promise<number>;
  /** One page of the photos of the key's sessions, with what their deliveries add up to. */
  listUploads(apiKeyId: string, limit: number, offset: number): Promise<UploadView[]>;
  countUploads(apiKeyId: string): Promise<number>;
  /** The key's totals behind `/stats`; `since` is the start of the month "this month" counts from. */
  totals(apiKeyId: string, since: number): Promise<KeyTotals>;
}
