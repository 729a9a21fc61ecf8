import pg from 'pg';
import { InProcessLiveBus, type LiveBus, type Wake } from '../delivery/live-bus';
import type { SessionEventStore, SessionMark } from '../delivery/session-events';
import { LIVE_CHANNEL, notifyKey, parseNotification } from './pg-session-events';

/** How the listener behaves; the defaults are production's, tests shorten them. */
export const PG_LIVE_BUS = {
  /** While anything is watched: how often the watched sessions' marks are compared, for notifications lost. */
  catchUpMs: 5_000,
  /** First wait before reconnecting a lost LISTEN connection, doubled on each failure up to the maximum. */
  reconnectFirstMs: 100,
  reconnectMaxMs: 5_000,
} as const;

export interface PgLiveBusOptions {
  /** The database's URL: the listener is a connection of its own, never one of the pool's. */
  url: string;
  /** Reads the marks for catch-up (PgSessionEvents on the instance's pool). */
  store: Pick<SessionEventStore, 'marks'>;
  /** Shown in pg_stat_activity (an operator finds the listener there). */
  applicationName?: string;
  catchUpMs?: number;
  reconnectFirstMs?: number;
  reconnectMaxMs?: number;
  /** The listener failed (it reconnects by itself), or a catch-up failed (the next one tries again). */
  onError?: (error: unknown) => void;
}

/**
 * The live bus of a cluster instance. Writes notify on their own (pg-session-events.ts, inside the writing
 * statement); this instance's side is one dedicated LISTEN connection (a pg.Client, not from the pool, never behind
 * a transaction-pooling PgBouncer) whose notifications wake the local watchers of the sessions they name, and
 * catch-up: notifications sent while the connection was down are gone, so after every reconnect, and every
 * catchUpMs while anything is watched, the watched sessions' marks are read and every session that moved is woken.
 * A lost connection is reopened with a doubling backoff. Wake-ups of this instance's own writes are immediate
 * (`announce`); their notification coming back is recognised as already seen.
 */
export class PgLiveBus implements LiveBus {
  readonly #local = new InProcessLiveBus();
  readonly #options: Required<Omit<PgLiveBusOptions, 'applicationName'>> & { applicationName: string };
  /** notifyKey → session id, for the sessions watched here. */
  readonly #keys = new Map<string, string>();
  #client: pg.Client | undefined;
  #catchUpTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;
  /** Times the LISTEN connection was opened again after being lost. */
  reconnects = 0;

  private constructor(options: PgLiveBusOptions) {
    this.#options = {
      applicationName: 'qrdrop-listen',
      catchUpMs: PG_LIVE_BUS.catchUpMs,
      reconnectFirstMs: PG_LIVE_BUS.reconnectFirstMs,
      reconnectMaxMs: PG_LIVE_BUS.reconnectMaxMs,
      onError: () => {},
      ...options,
    };
  }

  /** Opens the LISTEN connection; rejects if the first attempt fails (a start-up error, not one to wait out). */
  static async start(options: PgLiveBusOptions): Promise<PgLiveBus> {
    const bus = new PgLiveBus(options);
    await bus.#listen();
    return bus;
  }

  /** Whether the LISTEN connection is up right now (for a health check: without it, wake-ups wait for catch-up). */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  /** The listener's backend pid (pg_stat_activity), undefined while it is down. */
  get listenerPid(): number | undefined {
    return (this.#client as (pg.Client & { processID?: number }) | undefined)?.processID;
  }

  announce(sessionId: string, mark: SessionMark): void {
    this.#local.announce(sessionId, mark);
  }

  watch(sessionId: string, wake: Wake): () => void {
    const key = notifyKey(sessionId);
    this.#keys.set(key, sessionId);
    const unwatch = this.#local.watch(sessionId, wake);
    this.#armCatchUp();
    return () => {
      unwatch();
      if (!this.#local.watchedSessions().includes(sessionId)) this.#keys.delete(key);
      if (this.#keys.size === 0) this.#disarmCatchUp();
    };
  }

  /** Compares the watched sessions' marks with what was seen, and wakes those that moved. */
  async catchUp(): Promise<void> {
    const watched = this.#local.watchedSessions();
    if (watched.length === 0) return;
    const marks = await this.#options.store.marks(watched);
    for (const [sessionId, mark] of marks) this.#local.announce(sessionId, mark);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#disarmCatchUp();
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    await this.#local.close();
    this.#keys.clear();
    await client?.end().catch(() => {});
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url, application_name: this.#options.applicationName });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) this.#options.onError(error);
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      this.#scheduleReconnect();
    };
    client.on('notification', (message) => {
      const parsed = message.channel === LIVE_CHANNEL && message.payload !== undefined ? parseNotification(message.payload) : undefined;
      const sessionId = parsed === undefined ? undefined : this.#keys.get(parsed.key);
      if (parsed !== undefined && sessionId !== undefined) this.#local.announce(sessionId, parsed.mark);
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      lost = true;
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#failures = 0;
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer !== undefined) return;
    const delay = Math.min(this.#options.reconnectMaxMs, this.#options.reconnectFirstMs * 2 ** this.#failures);
    this.#failures += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#listen().then(
        () => {
          if (this.#closed) return;
          this.reconnects += 1;
          // What was notified while the connection was down is lost: look at every watched session.
          this.catchUp().catch((error: unknown) => this.#options.onError(error));
        },
        (error: unknown) => {
          this.#options.onError(error);
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#reconnectTimer.unref();
  }

  #armCatchUp(): void {
    if (this.#catchUpTimer !== undefined) return;
    this.#catchUpTimer = setInterval(() => void this.catchUp().catch((error: unknown) => this.#options.onError(error)), this.#options.catchUpMs);
    this.#catchUpTimer.unref();
  }

  #disarmCatchUp(): void {
    clearInterval(this.#catchUpTimer);
    this.#catchUpTimer = undefined;
  }
}
