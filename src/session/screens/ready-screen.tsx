import type { ReactNode } from 'react';
import { type CameraOpener, PhotoPicker } from '../../camera';
import { formatBytes, formatTypeList } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import type { Translate } from '../../i18n/translate';
import { QueueStatus, type QueueSnapshot, type UploadSource } from '../../upload';
import { Screen } from '../../ui/screen';
import type { PageSession } from '../api/get-session';
import { usePrefetchUploadEngine } from '../prefetch-upload-engine';
import { SessionSummary } from './session-summary';

export interface ReadyScreenProps {
  session: PageSession;
  remaining: number;
  snapshot: QueueSnapshot;
  /** Photos picked while the upload engine is still on its way. */
  waiting: number;
  /** The upload engine could not be fetched (connection lost): offer "Tap to retry". */
  engineFailed: boolean;
  /** The queue's one-sentence summary, once the upload engine arrived. */
  describeQueue?: (snapshot: QueueSnapshot, t: Translate) => string;
  /** Photos the queue still takes, once the upload engine arrived (upload's freeSlots). */
  countFree?: (remaining: number, confirmedSinceRead: number, items: QueueSnapshot['items']) => number;
  /** The upload list, once there is one. */
  list: ReactNode;
  onFiles: (files: File[], source: UploadSource) => void;
  /** One item by id, or everything that can be retried. */
  onRetry: (itemId?: string) => void;
  /** "Use camera" and, once open, the in-page camera. */
  camera: CameraOpener;
}

/** Take or choose photos, and follow them going up. */
export function ReadyScreen(props: ReadyScreenProps) {
  const { session, remaining, snapshot, waiting, engineFailed, describeQueue, countFree, list, onFiles, onRetry, camera } = props;
  const { t, tx, lang } = useI18n();
  // The first pick should not wait for the upload engine's round trips.
  usePrefetchUploadEngine();
  const allowed = tx('ready.allowed', {
    types: formatTypeList(session.effectiveAllowedMimeTypes, lang),
    size: formatBytes(session.effectiveMaxImageSizeBytes, lang),
  });
  return (
    <Screen title={session.label ?? t('ready.heading')}>
      <SessionSummary remaining={remaining} max={session.effectiveMaxImages} expiresAt={session.expiresAtOnDevice} />
      {remaining > 0 ? (
        <PhotoPicker allowedMimeTypes={session.effectiveAllowedMimeTypes} onFiles={onFiles} onCamera={camera.open} />
      ) : (
        <p className="notice">{t('ready.noMoreFit')}</p>
      )}
      {camera.failed && <p className="notice">{t('camera.loadFailed')}</p>}
      {camera.View && (
        <camera.View
          allowedMimeTypes={session.effectiveAllowedMimeTypes}
          left={(countFree?.(remaining, 0, snapshot.items) ?? remaining) - waiting}
          onFiles={(files) => onFiles(files, 'camera')}
          onClose={camera.close}
          opener={camera.opener}
        />
      )}
      <p className="hint">
        {allowed} {t('ready.resized')}
      </p>
      <QueueStatus snapshot={snapshot} describe={describeQueue} waiting={waiting} engineFailed={engineFailed} onRetryAll={() => onRetry()} />
      {list}
    </Screen>
  );
}
