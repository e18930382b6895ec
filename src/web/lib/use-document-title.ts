import { useEffect } from 'react';

/** Sets the tab title to "{title} · Runwatch" while the page is shown. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Runwatch` : 'Runwatch';
  }, [title]);
}
