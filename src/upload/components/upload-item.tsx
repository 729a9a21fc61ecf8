import { formatBytes, formatPercent } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { Countdown } from '../../ui/countdown';
import { Icon } from '../../ui/icon';
import { ProgressBar } from '../../ui/progress-bar';
import type { QueueItem } from '../types';
import { ITEM_STATUS_KEY } from './item-status';
import { QualityHint } from './quality-hint';
import { Thumbnail } from './thumbnail';

export interface UploadItemProps {
  item: QueueItem;
  onRemove: (itemId: string) => void;
  onRetry: (itemId: string) => void;
  /** The quality hint's answers (quality-hint.tsx); without them the hint is not shown. */
  onKeep?: (itemId: string) => void;
  onRetake?: (itemId: string) => void;
}

/** One photo: preview, name, what is happening to it, and what can be done (remove, retry; keep or retake). */
export function UploadItem({ item, onRemove, onRetry, onKeep, onRetake }: UploadItemProps) {
  const { t, tx, lang } = useI18n();
  const failed = item.status === 'failed';
  // Only a connection problem can go better by sending again; a refused file would be refused again.
  const retryable = failed && item.message?.key === 'error.connection';
  const reduced = item.sentSize !== undefined && item.sentSize < item.originalSize;
  return (
    <li className={`upload-item upload-item--${item.status}`}>
      <Thumbnail picture={thumbnailOf(item)} />
      <div className="upload-item__body">
        <p className="upload-item__name">{item.name}</p>
        <p className="upload-item__status">
          {item.status === 'done' && <Icon name="check" className="upload-item__done-icon" />}
          {item.status === 'retry-wait' && item.retryAt !== undefined ? (
            <Countdown until={item.retryAt} format={(time) => tx('item.retryWait', { time })} />
          ) : (
            // One span: these lines are flex rows (icon, text), and each <bdi> would be a flex item of its own.
            <span>{tx(ITEM_STATUS_KEY[item.status], { percent: formatPercent(item.progress, lang) })}</span>
          )}
        </p>
        {item.status === 'uploading' && (
          <ProgressBar value={item.progress} label={t('item.progress', { name: item.name })} valueText={formatPercent(item.progress, lang)} />
        )}
        {reduced && item.status === 'done' && (
          <p className="upload-item__note">
            <span>{tx('item.reduced', { from: formatBytes(item.originalSize, lang), to: formatBytes(item.sentSize ?? 0, lang) })}</span>
          </p>
        )}
        {item.message !== undefined && (
          <p className={failed ? 'upload-item__error' : 'upload-item__note'}>
            {failed && <Icon name="alert" />} <span>{tx(item.message.key, item.message.params)}</span>
            {item.message.detail?.message !== undefined && <span className="upload-item__detail"> {item.message.detail.message}</span>}
          </p>
        )}
        {onKeep !== undefined && onRetake !== undefined && !failed && <QualityHint item={item} onKeep={onKeep} onRetake={onRetake} />}
      </div>
      <div className="upload-item__actions">
        {retryable && (
          <button type="button" className="icon-button" aria-label={t('item.retry', { name: item.name })} onClick={() => onRetry(item.id)}>
            <Icon name="retry" />
          </button>
        )}
        {item.status !== 'done' && (
          <button type="button" className="icon-button" aria-label={t('item.remove', { name: item.name })} onClick={() => onRemove(item.id)}>
            <Icon name="close" />
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The preview the preparation made; the original only once no preview can come (sent as it is, restored, failed):
 * drawing a 12 MP original for a 56 px square is a full decode, taken from the photos being prepared.
 */
function thumbnailOf(item: QueueItem): Blob | undefined {
  if (item.preview !== undefined) return item.preview;
  return item.status === 'checking' || item.status === 'compressing' ? undefined : item.file;
}
