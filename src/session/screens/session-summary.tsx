import { useI18n } from '../../i18n/i18n-context';
import { Countdown } from '../../ui/countdown';
import { Icon } from '../../ui/icon';

export interface SessionSummaryProps {
  remaining: number;
  max: number;
  /** Epoch ms on this device. */
  expiresAt: number;
}

/** "3 of 10 photos left" and "Time left: 12 min". */
export function SessionSummary({ remaining, max, expiresAt }: SessionSummaryProps) {
  const { t, tx } = useI18n();
  return (
    <ul className="summary">
      <li className="summary__item">
        <Icon name="images" />
        <span>{t('ready.remaining', { count: remaining, max })}</span>
      </li>
      <li className="summary__item">
        <Icon name="clock" />
        <Countdown until={expiresAt} format={(time) => tx('ready.timeLeft', { time })} />
      </li>
    </ul>
  );
}
