import { useI18n } from '../../i18n/i18n-context';
import { Button } from '../../ui/button';
import type { QueueItem } from '../types';

export interface QualityHintProps {
  item: QueueItem;
  onKeep: (itemId: string) => void;
  onRetake: (itemId: string) => void;
}

/**
 * "This photo looks blurry — retake?" with Keep and Retake, on a photo whose quality measure is far below a threshold
 * (compress/quality.ts). Only a hint: the photo goes on uploading while it shows. The sentence is a polite live
 * region that is always there, so screen readers announce it when the measure arrives (a region added with its text
 * is often not read); not role="status", which the page keeps for the queue's one summary line. The buttons stay
 * outside it and name the photo.
 */
export function QualityHint({ item, onKeep, onRetake }: QualityHintProps) {
  const { t } = useI18n();
  const { quality } = item;
  return (
    <>
      <p className="upload-item__quality" aria-live="polite">
        {quality === 'blurry' && t('quality.blurry')}
        {quality === 'dark' && t('quality.dark')}
      </p>
      {quality !== undefined && (
        <div className="upload-item__quality-actions">
          <Button variant="secondary" aria-label={t('quality.keepLabel', { name: item.name })} onClick={() => onKeep(item.id)}>
            {t('quality.keep')}
          </Button>
          <Button variant="secondary" aria-label={t('quality.retakeLabel', { name: item.name })} onClick={() => onRetake(item.id)}>
            {t('quality.retake')}
          </Button>
        </div>
      )}
    </>
  );
}
