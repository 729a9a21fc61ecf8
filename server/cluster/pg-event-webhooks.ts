import type pg from 'pg';
import * as v from 'valibot';
import type { DeliveryQueue } from '../delivery/scheduler';
import { newId } from '../ids';
import {
  type AttemptDetail,
  type EventDelivery,
  eventDeliveryFromRow,
  NO_DETAIL,
  settleEventAttempt,
} from '../integrator/event-delivery-store';
import { fanOut, type QueuedEvent, testEventData } from '../integrator/event-fanout';
import type { Topic } from '../integrator/event-topics';
import {
  type EventWebhook,
  eventWebhookFromRow,
  type EventWebhookSettings,
  NEW_WEBHOOK_COLUMNS,
  newWebhookRow,
  settingsValues,
} from '../integrator/event-webhook-store';
import { SESSION_EXPIRY } from '../integrator/session-expiry';
import { DELIVERY } from '../limits';
import { sessionFromRow } from '../session/session-store';
import type { EventWebhookStore, ExpiredSession, WebhookChange } from './event-webhooks';
import { claimDueSql } from './pg-delivery-queue';
import { inTransaction, type Queryable } from './pg-transaction';

const CountRow = v.object({ total: v.number() });
const NextRow = v.object({ next: v.nullable(v.number()) });
const AnnouncedRows = v.array(v.object({ session_id: v.string() }));

/** The claimer's fence ($1 id, $2 instance, $3 attempt): the write applies only while this attempt is the live one. */
const FENCE = "id = $1 AND status = 'sending' AND claimed_by = $2 AND attempts = $3";

export interface PgEventWebhookOptions {
  /** This instance's name, written as `claimed_by`. */
  instanceId: string;
  /** How long a claim holds (default DELIVERY.leaseMs). */
  leaseMs?: number;
  leaseSweepMs?: number;
}

async function findLiveWebhook(queryable: Queryable, id: string): Promise<EventWebhook | undefined> {
  const row: unknown = (await queryable.query('SELECT * FROM event_webhooks WHERE id = $1 AND deleted_at IS NULL', [id])).rows[0];
  return row === undefined ? undefined : eventWebhookFromRow(row);
}

/** The key's webhooks that receive new events: live, switched on, not disabled by failures. */
async function receivingWebhooks(queryable: Queryable, apiKeyId: string): Promise<EventWebhook[]> {
  const { rows } = await queryable.query(
    'SELECT * FROM event_webhooks WHERE api_key_id = $1 AND deleted_at IS NULL AND is_active = 1 AND disabled_at IS NULL ORDER BY created_at, id',
    [apiKeyId],
  );
  return rows.map(eventWebhookFromRow);
}

/** One event and its deliveries, on the caller's transaction (as queueEvent does in SQLite); nothing without deliveries. */
async function queueEvent(client: pg.PoolClient, apiKeyId: string | null, topic: string, data: unknown, deliveries: readonly QueuedEvent[], now: number): Promise<number> {
  if (deliveries.length === 0) return 0;
  const eventLogId = newId();
  await client.query('INSERT INTO event_log (id, api_key_id, topic, data, created_at) VALUES ($1, $2, $3, $4, $5)', [eventLogId, apiKeyId, topic, JSON.stringify(data), now]);
  await client.query(
    `INSERT INTO event_deliveries (id, webhook_id, event_log_id, topic, body, status, next_attempt_at, created_at, updated_at)
     SELECT gen_random_uuid()::text, w, $1, t, b, 'pending', $2, $2, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS d(w, t, b)`,
    [eventLogId, now, deliveries.map((d) => d.webhookId), deliveries.map((d) => d.topic), deliveries.map((d) => d.body)],
  );
  return deliveries.length;
}

/**
 * The EventWebhookStore of a cluster: SQLite's rows in PostgreSQL, shared by every instance. An event and its
 * deliveries commit in one transaction. The deliveries are a queue every instance drains, as photo deliveries are
 * (pg-delivery-queue.ts): claimed `FOR UPDATE SKIP LOCKED` under this instance's name with a lease, every later
 * write fenced by that claim, and a lapsed lease swept into a retry another instance claims (same delivery id, so
 * the svix-id a receiver deduplicates on is unchanged). The store does not own the pool.
 */
export class PgEventWebhookStore implements EventWebhookStore {
  readonly leaseSweepMs?: number;
  readonly #pool: pg.Pool;
  readonly #instanceId: string;
  readonly #leaseMs: number;

  constructor(pool: pg.Pool, options: PgEventWebhookOptions) {
    this.#pool = pool;
    this.#instanceId = options.instanceId;
    this.#leaseMs = options.leaseMs ?? DELIVERY.leaseMs;
    if (options.leaseSweepMs !== undefined) this.leaseSweepMs = options.leaseSweepMs;
  }

  async create(apiKeyId: string, settings: EventWebhookSettings, now: number): Promise<EventWebhook> {
    const { rows } = await this.#pool.query(
      `INSERT INTO event_webhooks (${NEW_WEBHOOK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      newWebhookRow(apiKeyId, settings, now),
    );
    return eventWebhookFromRow(rows[0]);
  }

  find(id: string): Promise<EventWebhook | undefined> {
    return findLiveWebhook(this.#pool, id);
  }

  async listOfKey(apiKeyId: string): Promise<EventWebhook[]> {
    // `id` breaks ties where SQLite uses rowid: same-millisecond webhooks are listed in a stable, not insertion, order.
    const { rows } = await this.#pool.query('SELECT * FROM event_webhooks WHERE api_key_id = $1 AND deleted_at IS NULL ORDER BY created_at, id', [apiKeyId]);
    return rows.map(eventWebhookFromRow);
  }

  async save(hook: EventWebhook, change: WebhookChange, now: number): Promise<EventWebhook> {
    const next = { ...hook, ...change };
    // The failure count is the row's own (a send on another instance may be counting right now), unless revived.
    const row: unknown = (
      await this.#pool.query(
        `UPDATE event_webhooks SET url = $2, signature_method = $3, topics = $4, max_retries = $5, retry_intervals = $6,
           disable_after_failures = $7, custom_headers = $8, is_active = $9,
           consecutive_failures = CASE WHEN $10 THEN 0 ELSE consecutive_failures END,
           disabled_at = CASE WHEN $10 THEN NULL ELSE disabled_at END, updated_at = $11
         WHERE id = $1 RETURNING *`,
        [hook.id, ...settingsValues(next), next.isActive ? 1 : 0, change.isActive === true, now],
      )
    ).rows[0];
    return row === undefined ? next : eventWebhookFromRow(row);
  }

  async delete(id: string, now: number): Promise<void> {
    await this.#pool.query('UPDATE event_webhooks SET deleted_at = $2, is_active = 0 WHERE id = $1', [id, now]);
  }

  publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>, now: number): Promise<number> {
    return inTransaction(this.#pool, async (client) => queueEvent(client, apiKeyId, topic, data, fanOut(await receivingWebhooks(client, apiKeyId), topic, data, now), now));
  }

  async publishTest(hook: EventWebhook, now: number): Promise<void> {
    const data = testEventData(hook);
    await inTransaction(this.#pool, (client) => queueEvent(client, hook.apiKeyId, 'webhook.test', data, fanOut([hook], 'webhook.test', data, now), now));
  }

  announceExpired(now: number, dataOf: (session: ExpiredSession) => Record<string, unknown>): Promise<number> {
    return inTransaction(this.#pool, async (client) => {
      // The mark is the claim: two instances sweeping at once both try to insert it, the second waits on the first's
      // row, then finds the same expiry recorded (the WHERE of DO UPDATE) and returns nothing for it.
      const marked = await client.query(
        `WITH due AS (
           SELECT s.id, s.expires_at FROM sessions s
           WHERE s.expires_at <= $1 AND s.expires_at > $2 AND s.api_key_id IS NOT NULL AND s.completed_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM session_expiry_events e WHERE e.session_id = s.id AND e.expires_at = s.expires_at)
           ORDER BY s.expires_at LIMIT $3
         )
         INSERT INTO session_expiry_events (session_id, expires_at, announced_at) SELECT id, expires_at, $1 FROM due
         ON CONFLICT (session_id) DO UPDATE SET expires_at = excluded.expires_at, announced_at = excluded.announced_at
           WHERE session_expiry_events.expires_at <> excluded.expires_at
         RETURNING session_id`,
        [now, now - SESSION_EXPIRY.lookbackMs, SESSION_EXPIRY.batch],
      );
      const ids = v.parse(AnnouncedRows, marked.rows).map((row) => row.session_id);
      if (ids.length === 0) return 0;
      const sessions = (await client.query('SELECT * FROM sessions WHERE id = ANY($1::text[]) ORDER BY expires_at, id', [ids])).rows.map(sessionFromRow);
      for (const session of sessions) {
        if (session.apiKeyId === null) continue;
        const count: unknown = (await client.query('SELECT COUNT(*) AS total FROM images WHERE session_id = $1', [session.id])).rows[0];
        const data = dataOf({
          id: session.id,
          apiKeyId: session.apiKeyId,
          tags: session.tags,
          label: session.label,
          imagesCount: v.parse(CountRow, count).total,
          expiresAt: session.expiresAt,
        });
        const hooks = await receivingWebhooks(client, session.apiKeyId);
        await queueEvent(client, session.apiKeyId, 'project.session.expired', data, fanOut(hooks, 'project.session.expired', data, now), now);
      }
      return sessions.length;
    });
  }

  async findDelivery(id: string): Promise<EventDelivery | undefined> {
    const row: unknown = (await this.#pool.query('SELECT * FROM event_deliveries WHERE id = $1', [id])).rows[0];
    return row === undefined ? undefined : eventDeliveryFromRow(row);
  }

  async listDeliveries(webhookId: string, limit: number, offset: number): Promise<{ rows: EventDelivery[]; total: number }> {
    // `id` breaks ties where SQLite uses rowid: pages never repeat or skip a row, same-millisecond rows are in id order.
    const { rows } = await this.#pool.query(
      'SELECT * FROM event_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3',
      [webhookId, limit, offset],
    );
    const count: unknown = (await this.#pool.query('SELECT COUNT(*) AS total FROM event_deliveries WHERE webhook_id = $1', [webhookId])).rows[0];
    return { rows: rows.map(eventDeliveryFromRow), total: v.parse(CountRow, count).total };
  }

  async requeue(id: string, now: number): Promise<boolean> {
    const result = await this.#pool.query(
      "UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2 WHERE id = $1 AND status <> 'sending'",
      [id, now],
    );
    return result.rowCount === 1;
  }

  queue(details: Map<string, AttemptDetail>): DeliveryQueue<EventDelivery> {
    const pool = this.#pool;
    const instanceId = this.#instanceId;
    return {
      // The lease sweep: a `sending` delivery whose claim lapsed (or, `starting`, one this instance's earlier run
      // held under the same name) is due again at once, its attempt counted. Two sweeping instances: the second waits
      // on the first's row locks, re-checks `status = 'sending'` and passes over what the first turned.
      recoverLost: async (now, starting) =>
        (
          await pool.query(
            `UPDATE event_deliveries SET status = 'retrying', next_attempt_at = $1, lease_until = NULL, updated_at = $1
             WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= $1 OR ($2 AND claimed_by = $3))
             RETURNING *`,
            [now, starting, instanceId],
          )
        ).rows.map(eventDeliveryFromRow),
      // One statement: rows another instance is claiming right now are skipped, not waited for; READ COMMITTED's
      // re-check of a locked row sees a committed claim, so no delivery is claimed twice.
      claimDue: async (now, limit) =>
        (
          await pool.query(claimDueSql('event_deliveries'), [now, limit, instanceId, now + this.#leaseMs])
        ).rows.map(eventDeliveryFromRow),
      nextDueAt: async () =>
        v.parse(NextRow, (await pool.query("SELECT MIN(next_attempt_at) AS next FROM event_deliveries WHERE status IN ('pending', 'retrying')")).rows[0]).next,
      find: (id) => this.findDelivery(id),
      // Fenced: false, writing nothing, when this attempt's claim was lost (its lease lapsed and another took over).
      record: async (delivery, outcome, interrupted, now) => {
        const detail = details.get(delivery.id) ?? NO_DETAIL;
        details.delete(delivery.id);
        return inTransaction(pool, async (client) => {
          const settled = settleEventAttempt(delivery, outcome, interrupted, await findLiveWebhook(client, delivery.webhookId), now);
          const written = await client.query(
            `UPDATE event_deliveries SET status = $4, last_error = $5, next_attempt_at = $6, attempts = $7, response_code = $8,
               response_body = $9, duration_ms = $10, lease_until = NULL, updated_at = $11
             WHERE ${FENCE}`,
            [
              delivery.id,
              instanceId,
              delivery.attempts,
              settled.status,
              settled.lastError,
              settled.nextAttemptAt,
              settled.attempts,
              detail.responseCode,
              detail.responseBody,
              detail.durationMs,
              now,
            ],
          );
          if (written.rowCount !== 1) return false;
          if (settled.counts !== null) await countOutcome(client, delivery.webhookId, settled.counts === 'sent', now);
          return true;
        });
      },
    };
  }
}

/** After a delivery ends, as SQLite's countOutcome: a sent one resets the count; a given-up one adds to it and may disable the webhook. */
async function countOutcome(client: pg.PoolClient, id: string, sent: boolean, now: number): Promise<void> {
  if (sent) {
    await client.query('UPDATE event_webhooks SET consecutive_failures = 0 WHERE id = $1', [id]);
    return;
  }
  await client.query(
    `UPDATE event_webhooks SET consecutive_failures = consecutive_failures + 1,
       disabled_at = CASE WHEN disabled_at IS NULL AND disable_after_failures > 0 AND consecutive_failures + 1 >= disable_after_failures
                          THEN $2 ELSE disabled_at END
     WHERE id = $1`,
    [id, now],
  );
}
