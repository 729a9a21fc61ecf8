import { backoffDelayMs } from './backoff';
import { cancel, createEntries, patch, type QueueEntry, requeue, sameLimits } from './queue-entry';
import { buildSnapshot, freeSlots, isRetryableFailure, type QueueHalt } from './queue-snapshot';
import { UPLOAD_QUEUE } from './queue-limits';
import { buildUploadRequest } from './upload-request';
import { interpretUploadResult, type UploadOutcome } from './upload-outcome';
import type {
  ItemMessage,
  PrepareResult,
  TimerHandle,
  TransportResult,
  UploadLimits,
  UploadQueue,
  UploadQueueOptions,
  UploadSource,
} from './types';

/**
 * The upload queue: a plain state machine, one entry per file.
 *   checking → compressing → queued → uploading → done
 *                                         ↘ retry-wait → queued   (network, 408, 5xx; backoff)
 *   any step → failed                                               (per-file refusal, or retries exhausted)
 * Preparation (sniffing, compression) runs one file at a time: phones run out of memory otherwise.
 * Uploads run `UPLOAD_QUEUE.concurrency` at a time. A 429 pauses all uploads until its time; a session
 * refusal (404/403/409/410/422/401) stops them, keeping what was confirmed.
 */
export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const { clock, transport } = options;
  const createId = options.createId ?? (() => crypto.randomUUID());
  const random = options.random ?? Math.random;
  let limits = options.limits;
  let readPassword = options.getPassword ?? (() => undefined);
  /** Confirmed since `limits` was read: the next session read counts them in `remainingSlots`. */
  let confirmedSinceRead = 0;
  let entries: QueueEntry[] = [];
  let halt: QueueHalt | undefined;
  let haltTimer: TimerHandle | undefined;
  let preparing = false;
  let disposed = false;
  const listeners = new Set<() => void>();
  let snapshot = buildSnapshot([], undefined);

  const isLive = (entry: QueueEntry) => !disposed && entries.includes(entry);

  function commit(): void {
    if (disposed) return;
    snapshot = buildSnapshot(entries.map((entry) => entry.item), halt);
    for (const listener of [...listeners]) listener();
  }

  function pump(): void {
    if (disposed) return;
    pumpPreparation();
    pumpUploads();
  }

  function pumpPreparation(): void {
    if (preparing || halt?.kind === 'session') return;
    const entry = entries.find((candidate) => candidate.item.status === 'checking');
    if (entry === undefined) return;
    preparing = true;
    const onCompressing = () => {
      if (isLive(entry) && entry.item.status === 'checking') {
        patch(entry, { status: 'compressing' });
        commit();
      }
    };
    options
      .prepare(entry.item.file, limits, onCompressing)
      .catch((): PrepareResult => ({ ok: false, message: { key: 'file.undecodable' } }))
      .then((result) => {
        preparing = false;
        if (isLive(entry)) settlePreparation(entry, result);
        pump();
        commit();
      });
  }

  function settlePreparation(entry: QueueEntry, result: PrepareResult): void {
    if (!result.ok) {
      patch(entry, { status: 'failed', message: result.message });
      return;
    }
    entry.prepared = { blob: result.blob, type: result.type, name: result.name };
    patch(entry, { status: 'queued', sentSize: result.blob.size, sentType: result.type });
  }

  function pumpUploads(): void {
    if (halt !== undefined) return;
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
    let bytesSent = 0;
    patch(entry, { status: 'uploading', progress: 0, retryAt: undefined });
    const request = buildUploadRequest({
      sessionId: options.sessionId,
      blob: prepared.blob,
      fileName: prepared.name,
      source: entry.item.source,
      idempotencyKey: entry.idempotencyKey,
      password: readPassword(),
    });
    const onProgress = (sent: number, total: number) => {
      bytesSent = Math.max(bytesSent, sent);
      if (entry.controller !== controller || !isLive(entry)) return;
      const progress = Math.min(1, sent / (total > 0 ? total : prepared.blob.size || 1));
      // Whole percents only: a progress bar needs no more, and each change re-renders the list.
      if (Math.floor(progress * 100) === Math.floor(entry.item.progress * 100)) return;
      patch(entry, { progress });
      commit();
    };
    transport
      .send(request, onProgress, controller.signal)
      .catch((): TransportResult => ({ kind: 'network-error', bytesSent }))
      .then((result) => {
        if (entry.controller !== controller) return;
        entry.controller = undefined;
        if (!isLive(entry)) return;
        // Progress events may have seen more bytes leave than the transport could tell at the error.
        const seen: TransportResult = result.kind === 'network-error' ? { kind: 'network-error', bytesSent: Math.max(result.bytesSent, bytesSent) } : result;
        settleUpload(entry, interpretUploadResult(seen, clock.now()));
        pump();
        commit();
      });
  }

  function settleUpload(entry: QueueEntry, outcome: UploadOutcome): void {
    switch (outcome.kind) {
      case 'confirmed':
        // The original stays for the thumbnail; the prepared copy is not needed any more.
        entry.prepared = undefined;
        confirmedSinceRead += 1;
        patch(entry, { status: 'done', progress: 1, imageId: outcome.imageId, message: undefined, attempts: 0 });
        return;
      case 'file-rejected':
        patch(entry, { status: 'failed', message: outcome.message });
        return;
      case 'session-stopped':
        // Not this file's fault: it waits, unsent, in case the stop is lifted (a new password).
        patch(entry, { status: 'queued', progress: 0 });
        if (halt?.kind !== 'session') haltFor({ kind: 'session', failure: outcome.failure });
        return;
      case 'rate-limited':
        patch(entry, { status: 'queued', progress: 0 });
        if (halt?.kind === 'session') return;
        haltFor({ kind: 'rate-limited', resumeAt: Math.max(outcome.resumeAt, halt?.resumeAt ?? 0) });
        return;
      case 'transient':
        scheduleRetry(entry, outcome);
        return;
      case 'aborted':
        patch(entry, { status: 'queued', progress: 0 });
        return;
    }
  }

  function haltFor(next: QueueHalt): void {
    if (haltTimer !== undefined) clock.clearTimeout(haltTimer);
    haltTimer = undefined;
    halt = next;
    if (next.kind !== 'rate-limited') return;
    haltTimer = clock.setTimeout(
      () => {
        haltTimer = undefined;
        halt = undefined;
        pump();
        commit();
      },
      Math.max(0, next.resumeAt - clock.now()),
    );
  }

  function scheduleRetry(entry: QueueEntry, outcome: Extract<UploadOutcome, { kind: 'transient' }>): void {
    // Bytes got through: the connection works, it only dropped. Start a fresh run of attempts so a
    // long upload survives many short drops (issue 4); an HTTP error counts every time.
    const failures = (outcome.bytesGotThrough ? 0 : entry.item.attempts) + 1;
    const message: ItemMessage = { key: 'error.connection', httpStatus: outcome.httpStatus };
    if (failures >= UPLOAD_QUEUE.maxAttempts) {
      patch(entry, { status: 'failed', attempts: failures, progress: 0, message });
      return;
    }
    const delay = Math.max(backoffDelayMs(failures, random), outcome.notBeforeMs ?? 0);
    const retryAt = clock.now() + delay;
    patch(entry, { status: 'retry-wait', attempts: failures, progress: 0, retryAt, message });
    entry.retryTimer = clock.setTimeout(() => {
      entry.retryTimer = undefined;
      if (!isLive(entry) || entry.item.status !== 'retry-wait') return;
      patch(entry, { status: 'queued', retryAt: undefined });
      pump();
      commit();
    }, delay);
  }

  function add(files: readonly File[], source: UploadSource): void {
    if (disposed || files.length === 0) return;
    const fitting = freeSlots(limits.remainingSlots, confirmedSinceRead, snapshot.items);
    entries.push(...createEntries(files, source, fitting, createId));
    pump();
    commit();
  }

  function retry(itemId?: string): void {
    if (disposed) return;
    for (const entry of entries) {
      if ((itemId === undefined || entry.item.id === itemId) && isRetryableFailure(entry.item)) requeue(entry);
    }
    // 401: the person typed the password again; the page verified it before calling retry().
    if (itemId === undefined && halt?.kind === 'session' && halt.failure.httpStatus === 401) halt = undefined;
    pump();
    commit();
  }

  function remove(itemId: string): void {
    const entry = entries.find((candidate) => candidate.item.id === itemId);
    if (entry === undefined || entry.item.status === 'done') return;
    cancel(entry, clock);
    entries = entries.filter((candidate) => candidate !== entry);
    pump();
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

  function dispose(): void {
    if (disposed) return;
    for (const entry of entries) cancel(entry, clock);
    if (haltTimer !== undefined) clock.clearTimeout(haltTimer);
    disposed = true;
    listeners.clear();
  }

  return {
    add,
    retry,
    remove,
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
