import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import * as v from 'valibot';
import type { ReleaseSlot, StreamSlots } from '../delivery/stream-slots';
import { LIVE } from '../limits';
import { inTransaction } from './pg-transaction';

const CountRows = v.array(v.object({ n: v.number() }));

export interface PgStreamSlotsOptions {
  /** The name this instance's rows carry (the one its deliveries are claimed under). */
  instanceId: string;
  now: () => number;
  onError: (error: unknown) => void;
  /** How often this instance refreshes its rows (default: LIVE.sseHeartbeatMs). */
  heartbeatMs?: number;
  /** How long an unrefreshed row still counts (default: LIVE.sseStreamLeaseMs). */
  leaseMs?: number;
}

/**
 * The SSE stream cap for the whole cluster (migration 'sse streams'): a row per open stream in the UNLOGGED
 * `live_streams`, named by its instance. Taking a slot locks the session's row (instances opening streams of one
 * session at once take turns), drops the session's rows not refreshed within `leaseMs`, counts the rest and inserts
 * one if there is room. Each instance refreshes its own rows every `heartbeatMs` while it has any, deletes a row when
 * its stream closes and all of them when it stops; a killed instance's rows stop counting after `leaseMs`. Leases
 * use each instance's clock (NTP, as for the deliveries). The store does not own the pool.
 */
export class PgStreamSlots implements StreamSlots {
  readonly #pool: pg.Pool;
  readonly #options: Required<PgStreamSlotsOptions>;
  /** This instance's open streams' rows. */
  readonly #mine = new Set<string>();
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(pool: pg.Pool, options: PgStreamSlotsOptions) {
    this.#pool = pool;
    this.#options = { heartbeatMs: LIVE.sseHeartbeatMs, leaseMs: LIVE.sseStreamLeaseMs, ...options };
  }

  async take(sessionId: string, now: number): Promise<ReleaseSlot | undefined> {
    const { instanceId, leaseMs } = this.#options;
    const streamId = randomUUID();
    const taken = await inTransaction(this.#pool, async (client) => {
      await client.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
      await client.query('DELETE FROM live_streams WHERE session_id = $1 AND seen_at <= $2', [sessionId, now - leaseMs]);
      const [open] = v.parse(CountRows, (await client.query('SELECT COUNT(*) AS n FROM live_streams WHERE session_id = $1', [sessionId])).rows);
      if ((open?.n ?? 0) >= LIVE.sseStreamsPerSessionMax) return false;
      await client.query('INSERT INTO live_streams (stream_id, session_id, instance_id, seen_at) VALUES ($1, $2, $3, $4)', [
        streamId,
        sessionId,
        instanceId,
        now,
      ]);
      return true;
    });
    if (!taken) return undefined;
    this.#mine.add(streamId);
    this.#startHeartbeat();
    return () => this.#release(streamId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    this.#mine.clear();
    await this.#pool.query('DELETE FROM live_streams WHERE instance_id = $1', [this.#options.instanceId]);
  }

  #release(streamId: string): void {
    // After close every row of this instance is gone already (and the pool may be ending).
    if (this.#closed || !this.#mine.delete(streamId)) return;
    if (this.#mine.size === 0) this.#stopHeartbeat();
    this.#pool.query('DELETE FROM live_streams WHERE stream_id = $1', [streamId]).catch(this.#options.onError);
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => {
      const { instanceId, now, onError } = this.#options;
      this.#pool.query('UPDATE live_streams SET seen_at = $2 WHERE instance_id = $1', [instanceId, now()]).catch(onError);
    }, this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
