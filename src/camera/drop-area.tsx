import { useDropzone } from 'react-dropzone';
import { useI18n } from '../i18n/i18n-context';

/**
 * The desktop drop target (react-dropzone, loaded only on fine pointers). It takes every file and
 * leaves judging them to the upload engine, which reads their bytes and says what is wrong with
 * each, instead of dropping "wrong" ones silently. Clicks and keys go to the "Choose photos" button.
 */
export function DropArea({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { t } = useI18n();
  const { getRootProps, isDragActive } = useDropzone({
    onDrop: (files) => {
      if (files.length > 0) onFiles(files);
    },
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  return (
    <div {...getRootProps({ className: `drop-area${isDragActive ? ' drop-area--active' : ''}` })}>
      <p className="drop-area__text">{isDragActive ? t('picker.dropNow') : t('picker.dropHere')}</p>
    </div>
  );
}
