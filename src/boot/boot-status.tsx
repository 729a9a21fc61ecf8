import type { PluralForms } from '../i18n/catalog-types';
import { BOOT_STATUS_ID } from './boot-contract';

export interface BootStatusProps {
  /** `boot.received` of the page's language: the boot script picks the form for its count. */
  forms: PluralForms;
}

/**
 * The boot script's status line, rendered by the server outside #root (src/entry-server.tsx): React never renders
 * or hydrates it, so what the boot script writes in it cannot make hydration mismatch. Empty until a pick; a live
 * region from the first paint, so what appears in it is announced.
 */
export function BootStatus({ forms }: BootStatusProps) {
  return (
    <p
      id={BOOT_STATUS_ID}
      className="boot-status"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-zero={forms.zero}
      data-one={forms.one}
      data-two={forms.two}
      data-few={forms.few}
      data-many={forms.many}
      data-other={forms.other}
    />
  );
}
