import type { QueueHalt } from './queue-snapshot';
import type { Clock, TimerHandle } from './types';

/**
 * Why the whole queue waits, if it does: a session stop (until retry() after a new password) or a
 * rate-limit pause, which ends by itself at `resumeAt` and then calls `onPauseOver`.
 */
export function createQueueHalt(clock: Clock, onPauseOver: () => void) {
  let current: QueueHalt | undefined;
  let timer: TimerHandle | undefined;

  function clearTimer(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function lift(): void {
    clearTimer();
    current = undefined;
  }

  return {
    get current(): QueueHalt | undefined {
      return current;
    },
    set(next: QueueHalt): void {
      clearTimer();
      current = next;
      if (next.kind !== 'rate-limited') return;
      timer = clock.setTimeout(
        () => {
          lift();
          onPauseOver();
        },
        Math.max(0, next.resumeAt - clock.now()),
      );
    },
    lift,
    dispose: clearTimer,
  };
}
