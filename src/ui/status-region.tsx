import type { ReactNode } from 'react';

/**
 * A polite live region: screen readers announce its text when it changes. It must already be in the
 * page before the text changes, so render it always and change only its content.
 */
export function StatusRegion({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={className}>
      {children}
    </div>
  );
}
