import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { UploadSource } from '../upload';
import { useMediaQuery } from '../ui/use-media-query';
import { acceptAttribute } from './accept';
import { PickButton } from './pick-button';

// Desktop only: phones never download the drop-zone code.
const DropArea = lazy(() => import('./drop-area').then((module) => ({ default: module.DropArea })));

export interface PhotoPickerProps {
  allowedMimeTypes: readonly string[];
  onFiles: (files: File[], source: UploadSource) => void;
}

/**
 * Phones: "Take photo" (camera, one shot) and "Choose photos" (several, no `capture`, so Android 14+
 * offers the gallery too). Desktop (fine pointer): a drop area and "Choose photos".
 */
export function PhotoPicker({ allowedMimeTypes, onFiles }: PhotoPickerProps) {
  const { t } = useI18n();
  const desktop = useMediaQuery('(pointer: fine)');
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
    </div>
  );
}
