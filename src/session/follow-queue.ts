import { parentMessages } from '../embed/parent-messages';
import { parentOriginFrom } from '../embed/parent-origin';
import type { QueueSnapshot, UploadQueue } from '../upload/types';
import { browserWakeLock, createScreenKeeper } from '../upload/wake-lock';

const isVisible = () => typeof document === 'undefined' || document.visibilityState === 'visible';

/**
 * What follows the queue for the page's life, as plain subscriptions made with the queue (shipped in the
 * after-pick chunk, so the first bundle stays small): embedded in an integrator's page, tell it what happens
 * (API.md `apertur:*` messages); keep the screen on while photos are sent, and when the page is visible
 * again, take the lock back and resume what waited or gave up while the phone slept.
 */
export function followQueue(queue: UploadQueue, sessionId: string, slotsAtStart: number): void {
  const target = window.parent === window ? null : parentOriginFrom(window.location.search);
  const keeper = createScreenKeeper(browserWakeLock(), isVisible);
  let previous: QueueSnapshot | undefined;
  let completed = false;
  const onChange = () => {
    const snapshot = queue.getSnapshot();
    if (snapshot === previous) return;
    keeper.setWanted(snapshot.phase === 'running' || snapshot.phase === 'rate-limited');
    if (target !== null) {
      for (const message of parentMessages(previous, snapshot, { sessionId, slotsAtStart, completed })) {
        if (message.type === 'apertur:session:complete') completed = true;
        window.parent.postMessage(message, target);
      }
    }
    previous = snapshot;
  };
  queue.subscribe(onChange);
  onChange();
  document.addEventListener('visibilitychange', () => {
    if (!isVisible()) return;
    keeper.pageVisible();
    queue.resume();
  });
}
