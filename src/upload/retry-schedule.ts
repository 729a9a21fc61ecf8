import { backoffDelayMs } from './backoff';
import { UPLOAD_QUEUE } from './queue-limits';
import type { ItemMessage } from './types';
import type { UploadOutcome } from './upload-outcome';

export type RetryDecision =
  | { kind: 'wait'; attempts: number; delayMs: number; message: ItemMessage }
  /** The run of attempts is spent: "Tap to retry". */
  | { kind: 'give-up'; attempts: number; message: ItemMessage };

/**
 * What a transient failure (no answer, stall, 408, 5xx) means for a file that had failed `attempts`
 * times in a row. Bytes got through: the connection works, it only dropped, so a fresh run of attempts
 * starts and a long upload survives many short drops (issue 4); an HTTP error counts every time.
 */
export function nextRetry(attempts: number, outcome: Extract<UploadOutcome, { kind: 'transient' }>, random: () => number): RetryDecision {
  const failures = (outcome.bytesGotThrough ? 0 : attempts) + 1;
  const message: ItemMessage = { key: 'error.connection', status: outcome.status };
  if (failures >= UPLOAD_QUEUE.maxAttempts) return { kind: 'give-up', attempts: failures, message };
  // A 503 may say when to come back; the backoff never retries sooner than that.
  return { kind: 'wait', attempts: failures, delayMs: Math.max(backoffDelayMs(failures, random), outcome.notBeforeMs ?? 0), message };
}
