import type { QueueItem, QueueItemStatus, QueuePhase, QueueSnapshot, SessionFailure } from './types';

/** Why the whole queue is waiting, if it is. */
export type QueueHalt =
  | { kind: 'rate-limited'; resumeAt: number }
  | { kind: 'session'; failure: SessionFailure };

/** Items that still mean to reach the server, and so hold one of the session's slots. */
const IN_PROGRESS: ReadonlySet<QueueItemStatus> = new Set(['checking', 'compressing', 'queued', 'uploading', 'retry-wait']);

export const isInProgress = (item: QueueItem): boolean => IN_PROGRESS.has(item.status);

/** Failed on connection problems after every attempt: "Tap to retry" may still get it through. */
export const isRetryableFailure = (item: QueueItem): boolean => item.status === 'failed' && item.message?.key === 'error.connection';

/** Offline only matters when something waits to be sent: an idle page has nothing to say about it. */
export function derivePhase(items: readonly QueueItem[], halt: QueueHalt | undefined, offline = false): QueuePhase {
  if (halt?.kind === 'session') return 'session-stopped';
  if (offline && items.some((item) => isInProgress(item) || isRetryableFailure(item))) return 'offline';
  if (halt?.kind === 'rate-limited') return 'rate-limited';
  if (items.some(isInProgress)) return 'running';
  if (items.some(isRetryableFailure)) return 'needs-retry';
  return 'idle';
}

export function buildSnapshot(items: readonly QueueItem[], halt: QueueHalt | undefined, offline = false): QueueSnapshot {
  const snapshot: { -readonly [K in keyof QueueSnapshot]: QueueSnapshot[K] } = {
    items,
    phase: derivePhase(items, halt, offline),
    confirmedCount: items.filter((item) => item.status === 'done').length,
  };
  if (halt?.kind === 'rate-limited') snapshot.resumeAt = halt.resumeAt;
  if (halt?.kind === 'session') snapshot.sessionFailure = halt.failure;
  return snapshot;
}

/**
 * Slots this queue may still fill: the free slots the session had when last read, minus the files
 * confirmed since (the server counts them now) and the files still on their way or worth retrying.
 */
export function freeSlots(remainingSlots: number, confirmedSinceRead: number, items: readonly QueueItem[]): number {
  const holding = items.filter((item) => isInProgress(item) || isRetryableFailure(item)).length;
  return Math.max(0, remainingSlots - confirmedSinceRead - holding);
}
