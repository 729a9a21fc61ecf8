import { PhotoPicker } from '../../camera/photo-picker';
import { formatBytes, formatTypeList } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { QueueStatus } from '../../upload/components/queue-status';
import { UploadList } from '../../upload/components/upload-list';
import type { QueueSnapshot, UploadSource } from '../../upload/types';
import { Screen } from '../../ui/screen';
import type { PageSession } from '../api/get-session';
import { SessionSummary } from './session-summary';

export interface ReadyScreenProps {
  session: PageSession;
  remaining: number;
  snapshot: QueueSnapshot;
  onFiles: (files: File[], source: UploadSource) => void;
  onRemove: (itemId: string) => void;
  onRetry: (itemId?: string) => void;
}

/** Take or choose photos, and follow them going up. */
export function ReadyScreen({ session, remaining, snapshot, onFiles, onRemove, onRetry }: ReadyScreenProps) {
  const { t, lang } = useI18n();
  const allowed = t('ready.allowed', {
    types: formatTypeList(session.effectiveAllowedMimeTypes, lang),
    size: formatBytes(session.effectiveMaxImageSizeBytes, lang),
  });
  return (
    <Screen title={session.label ?? t('ready.heading')}>
      <SessionSummary remaining={remaining} max={session.effectiveMaxImages} expiresAt={session.expiresAtOnDevice} />
      {remaining > 0 ? (
        <PhotoPicker allowedMimeTypes={session.effectiveAllowedMimeTypes} onFiles={onFiles} />
      ) : (
        <p className="notice">{t('ready.noMoreFit')}</p>
      )}
      <p className="hint">
        {allowed} {t('ready.resized')}
      </p>
      <QueueStatus snapshot={snapshot} onRetryAll={() => onRetry()} />
      <UploadList items={snapshot.items} onRemove={onRemove} onRetry={onRetry} />
    </Screen>
  );
}
