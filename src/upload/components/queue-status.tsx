import { useI18n } from '../../i18n/i18n-context';
import type { Translate } from '../../i18n/translate';
import { Button } from '../../ui/button';
import { Countdown } from '../../ui/countdown';
import { StatusRegion } from '../../ui/status-region';
import type { QueueSnapshot } from '../types';

export interface QueueStatusProps {
  snapshot: QueueSnapshot;
  /**
   * Sums the queue up in one sentence (queue-status-line.ts). It comes with the upload engine's chunk,
   * so it is undefined until the first pick; the live region itself is here from the start.
   */
  describe?: (snapshot: QueueSnapshot, t: Translate) => string;
  /** Photos picked while the upload engine is still on its way (counted as being prepared). */
  waiting?: number;
  /** The upload engine could not be fetched: those photos wait for "Tap to retry". */
  engineFailed?: boolean;
  onRetryAll: () => void;
}

/** The overall status line (aria-live), the 429 countdown, and "Tap to retry" once retries ran out. */
export function QueueStatus({ snapshot, describe, waiting = 0, engineFailed = false, onRetryAll }: QueueStatusProps) {
  const { t, tx } = useI18n();
  const stuck = waiting > 0 && engineFailed;
  const line = waiting === 0 ? (describe?.(snapshot, t) ?? '') : t(stuck ? 'queue.needsRetry' : 'queue.preparing', { count: waiting });
  return (
    <div className="queue-status">
      <StatusRegion className="queue-status__line">{line}</StatusRegion>
      {snapshot.phase === 'rate-limited' && snapshot.resumeAt !== undefined && (
        <p className="queue-status__countdown">
          <Countdown until={snapshot.resumeAt} format={(time) => tx('queue.resumingIn', { time })} />
        </p>
      )}
      {(snapshot.phase === 'needs-retry' || stuck) && (
        <Button className="queue-status__retry" onClick={onRetryAll}>
          {t('action.retry')}
        </Button>
      )}
    </div>
  );
}
