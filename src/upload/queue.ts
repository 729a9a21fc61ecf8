import { alwaysOnline } from './online-status';
import { cancel, createEntries, patch, type QueueEntry, requeue, sameLimits } from './queue-entry';
import { UPLOAD_QUEUE } from './queue-limits';
import { createPreparation } from './preparation';
import { createQueuePersistence } from './persistence/queue-persistence';
import { createQueueHalt } from './queue-halt';
import { buildSnapshot, freeSlots, isRetryableFailure } from './queue-snapshot';
import { randomId } from './random-id';
import { nextRetry } from './retry-schedule';
import { sendWithStallWatch } from './stall-watch';
import { isE2eEnvelope } from './e2e/e2e-prepare';
import { buildUploadRequest } from './upload-request';
import { interpretUploadResult, type UploadOutcome } from './upload-outcome';
import type { TimerHandle, UploadLimits, UploadQueue, UploadQueueOptions, UploadSource } from './types';

/**
 * The upload queue: a plain state machine, one entry per file.
 *   checking → compressing → queued → uploading → done
 *                                         ↘ retry-wait → queued   (network, stall, 408, 5xx; backoff)
 *   any step → failed                                               (per-file refusal, or retries exhausted)
 * Preparation (sniffing, compression) runs in pick order, ahead of the uploads: one file at a time, two
 * on a device with the cores when the files are small (preparation.ts); phones run out of memory otherwise.
 * Uploads run `UPLOAD_QUEUE.concurrency` at a time. A 429 pauses all uploads until its time; a session
 * refusal (404/403/409/410/422/401) stops them, keeping what was confirmed; offline, uploads wait for
 * the connection. Unconfirmed files are kept in `store` and restored when the queue is made again.
 */
export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const { clock, transport } = options;
  const createId = options.createId ?? randomId;
  const random = options.random ?? Math.random;
  const online = options.online ?? alwaysOnline;
  const persistence =
    options.store && createQueuePersistence({ store: options.store, sessionId: options.sessionId, expiresAt: options.expiresAt, hash: options.hash, clock });
  let limits = options.limits;
  let readPassword = options.getPassword ?? (() => undefined);
  /** Confirmed since `limits` was read: the next session read counts them in `remainingSlots`. */
  let confirmedSinceRead = 0;
  let entries: QueueEntry[] = [];
  const halt = createQueueHalt(clock, () => {
    pump();
    commit();
  });
  let offline = !online.isOnline();
  let disposed = false;
  let picked = 0;
  /** Idempotency keys picked in this page life: the restore (which may read the store after they were kept) must not add them again. */
  const keysOfThisLife = new Set<string>();
  const listeners = new Set<() => void>();
  let snapshot = buildSnapshot([], undefined);
  /** Progress waiting for its turn on the clock (UPLOAD_QUEUE.progressIntervalMs), and when progress last went out. */
  let progressTimer: TimerHandle | undefined;
  let progressShownAt = -Infinity;

  const isLive = (entry: QueueEntry) => !disposed && entries.includes(entry);
  // Later page lives pick later: restored files keep their place before new ones.
  const nextOrder = () => clock.now() * 1000 + (picked++ % 1000);

  function commit(): void {
    if (disposed) return;
    if (progressTimer !== undefined) clock.clearTimeout(progressTimer);
    progressTimer = undefined;
    snapshot = buildSnapshot(entries.map((entry) => entry.item), halt.current, offline);
    for (const listener of [...listeners]) listener();
  }

  const preparation = createPreparation({
    prepare: options.prepare,
    measure: options.measure,
    limits: () => limits,
    isLive,
    cores: options.cores ?? deviceCores(),
    persistence,
    changed: commit,
    settled() {
      pump();
      commit();
    },
  });

  function pump(): void {
    if (disposed) return;
    if (halt.current?.kind !== 'session') preparation.pump(entries);
    pumpUploads();
  }

  function pumpUploads(): void {
    if (halt.current !== undefined || offline) return;
    let running = entries.filter((entry) => entry.item.status === 'uploading').length;
    for (const entry of entries) {
      if (running >= UPLOAD_QUEUE.concurrency) break;
      if (entry.item.status !== 'queued') continue;
      startUpload(entry);
      running += 1;
    }
  }

  function startUpload(entry: QueueEntry): void {
    const prepared = entry.prepared;
    if (prepared === undefined) {
      patch(entry, { status: 'checking' });
      return;
    }
    const controller = new AbortController();
    entry.controller = controller;
    patch(entry, { status: 'uploading', progress: 0, retryAt: undefined });
    const request = buildUploadRequest({
      sessionId: options.sessionId,
      blob: prepared.blob,
      fileName: prepared.name,
      source: entry.item.source,
      idempotencyKey: entry.idempotencyKey,
      password: readPassword(),
      e2e: isE2eEnvelope(prepared),
    });
    const onProgress = (sent: number, total: number) => {
      if (entry.controller !== controller || !isLive(entry)) return;
      const progress = Math.min(1, sent / (total > 0 ? total : prepared.blob.size || 1));
      // Whole percents only: a progress bar needs no more, and each change re-renders the list.
      if (Math.floor(progress * 100) === Math.floor(entry.item.progress * 100)) return;
      patch(entry, { progress });
      commitProgress(progress >= 1);
    };
    void sendWithStallWatch(transport, clock, request, onProgress, controller.signal).then((result) => {
      if (entry.controller !== controller) return;
      entry.controller = undefined;
      if (!isLive(entry)) return;
      settleUpload(entry, interpretUploadResult(result, clock.now()));
      pump();
      commit();
    });
  }

  /** Progress goes out on a clock; the last byte sent (now waiting for the answer) goes out at once. */
  function commitProgress(allSent: boolean): void {
    const wait = progressShownAt + UPLOAD_QUEUE.progressIntervalMs - clock.now();
    if (allSent || wait <= 0) {
      progressShownAt = clock.now();
      commit();
      return;
    }
    if (progressTimer !== undefined) return;
    progressTimer = clock.setTimeout(() => {
      progressTimer = undefined;
      progressShownAt = clock.now();
      commit();
    }, wait);
  }

  function settleUpload(entry: QueueEntry, outcome: UploadOutcome): void {
    switch (outcome.kind) {
      case 'confirmed':
        // The original stays for the thumbnail; the prepared copy is not needed any more.
        entry.prepared = undefined;
        confirmedSinceRead += 1;
        patch(entry, { status: 'done', progress: 1, imageId: outcome.imageId, message: undefined, attempts: 0 });
        persistence?.forget(entry);
        return;
      case 'file-rejected':
        patch(entry, { status: 'failed', message: outcome.message });
        persistence?.forget(entry);
        return;
      case 'session-stopped':
        // Not this file's fault: it waits, unsent, in case the stop is lifted (a new password).
        patch(entry, { status: 'queued', progress: 0 });
        if (halt.current?.kind !== 'session') halt.set({ kind: 'session', failure: outcome.failure });
        return;
      case 'rate-limited':
        patch(entry, { status: 'queued', progress: 0 });
        if (halt.current?.kind === 'session') return;
        halt.set({ kind: 'rate-limited', resumeAt: Math.max(outcome.resumeAt, halt.current?.resumeAt ?? 0) });
        return;
      case 'transient':
        // Offline, a failure says nothing about the server: wait for the connection, spend no attempt.
        if (!online.isOnline()) {
          offline = true;
          patch(entry, { status: 'queued', progress: 0 });
          return;
        }
        scheduleRetry(entry, outcome);
        return;
      case 'aborted':
        patch(entry, { status: 'queued', progress: 0 });
        return;
    }
  }

  function scheduleRetry(entry: QueueEntry, outcome: Extract<UploadOutcome, { kind: 'transient' }>): void {
    const decision = nextRetry(entry.item.attempts, outcome, random);
    const { attempts, message } = decision;
    if (decision.kind === 'give-up') {
      patch(entry, { status: 'failed', attempts, progress: 0, message });
      return;
    }
    patch(entry, { status: 'retry-wait', attempts, progress: 0, retryAt: clock.now() + decision.delayMs, message });
    entry.retryTimer = clock.setTimeout(() => {
      entry.retryTimer = undefined;
      if (!isLive(entry) || entry.item.status !== 'retry-wait') return;
      patch(entry, { status: 'queued', retryAt: undefined });
      pump();
      commit();
    }, decision.delayMs);
  }

  /**
   * navigator says offline: what is on its way is dead anyway. It waits, unsent, and starts a fresh
   * run of attempts once back online (its earlier failures were most likely this outage).
   */
  function wentOffline(): void {
    if (disposed || offline) return;
    offline = true;
    for (const entry of entries) {
      if (entry.item.status !== 'uploading' && entry.item.status !== 'retry-wait') continue;
      cancel(entry, clock);
      requeue(entry);
    }
    commit();
  }

  function resume(): void {
    if (disposed) return;
    offline = !online.isOnline();
    // Whatever waited or gave up was waiting for conditions that may have changed: a fresh run now.
    for (const entry of entries) {
      if (entry.item.status !== 'retry-wait' && !isRetryableFailure(entry.item)) continue;
      cancel(entry, clock);
      requeue(entry);
    }
    // Timers of a hidden page may be held back: a rate-limit pause that is over ends now.
    if (halt.current?.kind === 'rate-limited' && halt.current.resumeAt <= clock.now()) halt.lift();
    pump();
    commit();
  }

  function add(files: readonly File[], source: UploadSource): void {
    if (disposed || files.length === 0) return;
    const fitting = freeSlots(limits.remainingSlots, confirmedSinceRead, snapshot.items);
    const added = createEntries(files, source, fitting, createId, nextOrder);
    entries.push(...added);
    for (const entry of added) keysOfThisLife.add(entry.idempotencyKey);
    for (const entry of added) if (entry.item.status === 'checking') persistence?.keepPicked(entry);
    pump();
    commit();
  }

  function retry(itemId?: string): void {
    if (disposed) return;
    for (const entry of entries) {
      if ((itemId === undefined || entry.item.id === itemId) && isRetryableFailure(entry.item)) requeue(entry);
    }
    // The password was refused: the person typed it again; the page verified it before calling retry().
    if (itemId === undefined && halt.current?.kind === 'session' && halt.current.failure.scope === 'password') halt.lift();
    pump();
    commit();
  }

  function remove(itemId: string): void {
    const entry = entries.find((candidate) => candidate.item.id === itemId);
    if (entry === undefined || entry.item.status === 'done') return;
    cancel(entry, clock);
    entries = entries.filter((candidate) => candidate !== entry);
    persistence?.forget(entry);
    pump();
    commit();
  }

  function keep(itemId: string): void {
    const entry = entries.find((candidate) => candidate.item.id === itemId);
    if (entry?.item.quality === undefined) return;
    patch(entry, { quality: undefined });
    commit();
  }

  function setLimits(next: UploadLimits): void {
    if (sameLimits(limits, next)) return;
    limits = next;
    confirmedSinceRead = 0;
  }

  function setPassword(next: string | undefined): void {
    readPassword = () => next;
  }

  let stopListening: (() => void) | undefined;

  function start(): void {
    if (stopListening !== undefined || disposed) return;
    stopListening = online.subscribe((isOnline) => (isOnline ? resume() : wentOffline()));
    offline = !online.isOnline();
    // What a reload or a killed tab left unconfirmed goes first, before anything picked since.
    void persistence?.restore(createId).then((restored) => {
      const earlier = restored.filter((entry) => !keysOfThisLife.has(entry.idempotencyKey));
      if (disposed || earlier.length === 0) return;
      entries = [...earlier, ...entries];
      pump();
      commit();
    });
    commit();
  }

  function dispose(): void {
    if (disposed) return;
    for (const entry of entries) cancel(entry, clock);
    if (progressTimer !== undefined) clock.clearTimeout(progressTimer);
    halt.dispose();
    stopListening?.();
    disposed = true;
    listeners.clear();
  }

  return {
    start,
    add,
    retry,
    resume,
    remove,
    keep,
    setLimits,
    setPassword,
    dispose,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
}

/** What the browser says; 1 when it says nothing (older Safari), so nothing runs side by side by guess. */
const deviceCores = () => globalThis.navigator?.hardwareConcurrency ?? 1;
