import type { ChangeEvent } from 'react';
import { Icon } from '../ui/icon';

/**
 * The camera view's way out when the camera cannot run in the page: the native `capture` input, which hands
 * the person to the camera app. The same control as pick-button.tsx, on purpose not that module: imported from
 * this chunk, it makes Rolldown 1.2 move React and the i18n context out of the first bundle into a chunk of
 * their own (+1.6 KB gzip on the first screen, measured).
 */
export function CameraAppButton({ label, accept, onFiles }: { label: string; accept: string; onFiles: (files: File[]) => void }) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.currentTarget.files ?? []);
    event.currentTarget.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <label className="button button--primary pick-button">
      <input className="visually-hidden" type="file" accept={accept} capture="environment" onChange={onChange} />
      <Icon name="camera" />
      <span>{label}</span>
    </label>
  );
}
