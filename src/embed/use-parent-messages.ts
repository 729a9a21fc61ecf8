import { useEffect, useRef, useState } from 'react';
import type { QueueSnapshot } from '../upload/types';
import { parentMessages } from './parent-messages';
import { parentOriginFrom } from './parent-origin';

/**
 * When the page runs in an iframe and its URL names the parent's origin, tells the parent what happens:
 * photos received, errors, the session's end (API.md: `apertur:*` messages). Otherwise does nothing.
 */
export function useParentMessages(sessionId: string, remainingSlots: number, snapshot: QueueSnapshot): void {
  const [slotsAtStart] = useState(remainingSlots);
  const [target] = useState(() => (window.parent === window ? null : parentOriginFrom(window.location.search)));
  const previous = useRef<QueueSnapshot | undefined>(undefined);
  const completed = useRef(false);
  useEffect(() => {
    if (target === null) return;
    const messages = parentMessages(previous.current, snapshot, { sessionId, slotsAtStart, completed: completed.current });
    previous.current = snapshot;
    for (const message of messages) {
      if (message.type === 'apertur:session:complete') completed.current = true;
      window.parent.postMessage(message, target);
    }
  }, [snapshot, sessionId, slotsAtStart, target]);
}
