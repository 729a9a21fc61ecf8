import { useI18n } from '../../i18n/i18n-context';
import { Button } from '../../ui/button';
import { Countdown } from '../../ui/countdown';
import { StatusRegion } from '../../ui/status-region';
import type { QueueSnapshot } from '../types';
import { queueStatusLine } from './queue-status-line';

export interface QueueStatusProps {
  snapshot: QueueSnapshot;
  onRetryAll: () => void;
}

/** The overall status line (aria-live), the 429 countdown, and "Tap to retry" once retries ran out. */
export function QueueStatus({ snapshot, onRetryAll }: QueueStatusProps) {
  const { t } = useI18n();
  return (
    <div className="queue-status">
      <StatusRegion className="queue-status__line">{queueStatusLine(snapshot, t)}</StatusRegion>
      {snapshot.phase === 'rate-limited' && snapshot.resumeAt !== undefined && (
        <p className="queue-status__countdown">
          <Countdown until={snapshot.resumeAt} format={(time) => t('queue.resumingIn', { time })} />
        </p>
      )}
      {snapshot.phase === 'needs-retry' && (
        <Button className="queue-status__retry" onClick={onRetryAll}>
          {t('action.retry')}
        </Button>
      )}
    </div>
  );
}
