import { type ComponentType, lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { UploadSource } from '../upload';
import { Icon } from '../ui/icon';
import { useMediaQuery } from '../ui/use-media-query';
import { acceptAttribute } from './accept';
import { PickButton } from './pick-button';
import { useCameraSupported } from './use-camera-opener';

// Desktop only: phones never download the drop-zone code. Its chunk can fail to arrive (a tablet given a mouse while
// offline): the picker then goes on without it, "Choose photos" does the same job, and the page is not torn down.
type DropAreaComponent = ComponentType<{ onFiles: (files: File[]) => void }>;
const withoutDropArea: DropAreaComponent = () => null;
const DropArea = lazy(() =>
  import('./drop-area')
    .then((module): { default: DropAreaComponent } => ({ default: module.DropArea }))
    .catch(() => ({ default: withoutDropArea })),
);

export interface PhotoPickerProps {
  allowedMimeTypes: readonly string[];
  onFiles: (files: File[], source: UploadSource) => void;
  /** "Use camera" (phones whose browser can run a camera in the page): opens the in-page camera. */
  onCamera?: (event: { currentTarget: HTMLElement }) => void;
}

/**
 * Phones: "Take photo" (the camera app, one shot), "Choose photos" (several, no `capture`, so Android 14+
 * offers the gallery too) and, where the browser can run a camera in the page, "Use camera" (camera-view.tsx:
 * several shots without leaving the page). Desktop (fine pointer): a drop area and "Choose photos".
 */
export function PhotoPicker({ allowedMimeTypes, onFiles, onCamera }: PhotoPickerProps) {
  const { t } = useI18n();
  const desktop = useMediaQuery('(pointer: fine)');
  const camera = useCameraSupported() && onCamera;
  const accept = acceptAttribute(allowedMimeTypes);
  const choose = (
    <PickButton
      label={t('picker.choosePhotos')}
      icon="images"
      accept={accept}
      multiple
      variant={desktop ? 'primary' : 'secondary'}
      onFiles={(files) => onFiles(files, 'gallery')}
    />
  );
  if (desktop) {
    return (
      <div className="picker picker--desktop">
        <Suspense fallback={<div className="drop-area" />}>
          <DropArea onFiles={(files) => onFiles(files, 'gallery')} />
        </Suspense>
        {choose}
      </div>
    );
  }
  return (
    <div className="picker">
      <PickButton label={t('picker.takePhoto')} icon="camera" accept={accept} capture="environment" onFiles={(files) => onFiles(files, 'camera')} />
      {choose}
      {/* Last: it appears once the page's script runs, and must not push the server-rendered buttons down. */}
      {camera && (
        <button type="button" className="button button--secondary pick-button" onClick={camera}>
          <Icon name="camera" />
          {t('camera.open')}
        </button>
      )}
    </div>
  );
}
