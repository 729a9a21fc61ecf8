import type { ChangeEvent } from 'react';
import { Icon, type IconName } from '../ui/icon';

export interface PickButtonProps {
  label: string;
  icon: IconName;
  accept: string;
  /** `environment` opens the back camera directly on phones. */
  capture?: 'environment';
  multiple?: boolean;
  variant?: 'primary' | 'secondary';
  onFiles: (files: File[]) => void;
}

/**
 * A file input dressed as a big button. The input stays in the page (visually hidden, still
 * focusable), wrapped by its label: keyboards and screen readers reach a real "Take photo" control,
 * and tests can find it by its label.
 */
export function PickButton({ label, icon, accept, capture, multiple = false, variant = 'primary', onFiles }: PickButtonProps) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.currentTarget.files ?? []);
    // Cleared so that choosing the same photo again still fires a change.
    event.currentTarget.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <label className={`button button--${variant} pick-button`}>
      <input className="visually-hidden" type="file" accept={accept} capture={capture} multiple={multiple} onChange={onChange} />
      <Icon name={icon} />
      <span>{label}</span>
    </label>
  );
}
