import type { ReactNode } from 'react';
import { formatDuration } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { SESSION_CLOCK } from '../lib/limits';
import { useNow } from '../lib/use-now';

export interface CountdownProps {
  /** Epoch ms on this device. */
  until: number;
  /** Puts the formatted time into a sentence ("Resuming in {time}"); the time alone otherwise. */
  format?: (time: string) => ReactNode;
}

/**
 * Time left until `until`, redrawn every second. Deliberately not a live region: a screen reader
 * announcing every second would drown everything else out.
 */
export function Countdown({ until, format = (time) => time }: CountdownProps) {
  const { lang } = useI18n();
  const now = useNow(SESSION_CLOCK.tickMs);
  return <span className="countdown">{format(formatDuration(until - now, lang))}</span>;
}
