import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { deliveryStatusKey } from '../api/get-delivery-status';
import { eventsAccessKey } from '../api/get-events-access';
import { integratorSessionKey } from '../api/get-integrator-session';
import { LIVE_EVENT_NAMES, type LiveEvent, parseLiveEvent } from './live-event';

export type LiveState = 'connecting' | 'open' | 'interrupted';

/**
 * Follows the session's Server-Sent Events at `url` (events-url.ts; nothing while it is undefined). Each event refreshes the session and its photo list, and is handed
 * to `onEvent` (for announcements). EventSource reconnects by itself and sends Last-Event-ID, so the server
 * replays what was missed; a refetch on every (re)connection covers the rest. A stream refused for good (a
 * protected session whose password changed) asks for a fresh access token, which opens a new stream.
 */
export function useSessionEvents(sessionId: string, url: string | undefined, onEvent: (event: LiveEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    if (url === undefined) return;
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: integratorSessionKey(sessionId) });
      void queryClient.invalidateQueries({ queryKey: deliveryStatusKey(sessionId) });
    };
    const source = new EventSource(url);
    source.addEventListener('connected', () => {
      setState('open');
      refresh();
    });
    source.addEventListener('error', () => {
      const closed = source.readyState === EventSource.CLOSED;
      setState(closed ? 'interrupted' : 'connecting');
      if (closed) void queryClient.invalidateQueries({ queryKey: eventsAccessKey(sessionId) });
    });
    for (const name of LIVE_EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const event = parseLiveEvent(name, message.data);
        if (event === null) return;
        refresh();
        onEventRef.current(event);
      });
    }
    return () => source.close();
  }, [sessionId, url, queryClient]);

  return state;
}
