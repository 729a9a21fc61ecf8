import { useEffect } from 'react';

/** Sets the tab's title (what a screen reader reads first, what the tab switcher shows); null leaves it alone. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = title;
  }, [title]);
}
