import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { deliveryStatusKey } from '../api/get-delivery-status';
import { integratorSessionKey } from '../api/get-integrator-session';
import { LIVE_EVENT_NAMES, type LiveEvent, parseLiveEvent } from './live-event';

export type LiveState = 'connecting' | 'open' | 'interrupted';

/**
 * Follows the session's Server-Sent Events. Each event refreshes the session and its photo list, and is handed
 * to `onEvent` (for announcements). EventSource reconnects by itself and sends Last-Event-ID, so the server
 * replays what was missed; a refetch on every (re)connection covers the rest.
 */
export function useSessionEvents(sessionId: string, onEvent: (event: LiveEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: integratorSessionKey(sessionId) });
      void queryClient.invalidateQueries({ queryKey: deliveryStatusKey(sessionId) });
    };
    const source = new EventSource(`/api/v1/upload/${encodeURIComponent(sessionId)}/events`);
    source.addEventListener('connected', () => {
      setState('open');
      refresh();
    });
    source.addEventListener('error', () => setState(source.readyState === EventSource.CLOSED ? 'interrupted' : 'connecting'));
    for (const name of LIVE_EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const event = parseLiveEvent(name, message.data);
        if (event === null) return;
        refresh();
        onEventRef.current(event);
      });
    }
    return () => source.close();
  }, [sessionId, queryClient]);

  return state;
}
