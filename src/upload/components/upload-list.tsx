import './upload-list.css';
import { useId } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { QueueItem } from '../types';
import { UploadItem } from './upload-item';

export interface UploadListProps {
  items: readonly QueueItem[];
  onRemove: (itemId: string) => void;
  onRetry: (itemId: string) => void;
  /** The quality hint's Keep and Retake (see upload-item.tsx). */
  onKeep?: (itemId: string) => void;
  onRetake?: (itemId: string) => void;
}

/** Every photo picked on this page, newest last, each with its own state. */
export function UploadList({ items, onRemove, onRetry, onKeep, onRetake }: UploadListProps) {
  const { t } = useI18n();
  const headingId = useId();
  if (items.length === 0) return null;
  return (
    <section className="upload-list" aria-labelledby={headingId}>
      <h2 id={headingId} className="upload-list__heading">
        {t('upload.listLabel')}
      </h2>
      <ul className="upload-list__items">
        {items.map((item) => (
          <UploadItem key={item.id} item={item} onRemove={onRemove} onRetry={onRetry} onKeep={onKeep} onRetake={onRetake} />
        ))}
      </ul>
    </section>
  );
}
