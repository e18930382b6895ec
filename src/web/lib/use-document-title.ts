import { useEffect } from 'react';

/** The page's own title and the count of runs needing a person; the tab shows both. */
let pageTitle: string | null = null;
let attentionCount = 0;

function renderTitle(): void {
  const base = pageTitle ? `${pageTitle} · Runwatch` : 'Runwatch';
  document.title = attentionCount > 0 ? `(${attentionCount}) ${base}` : base;
}

/** Sets the tab title to "{title} · Runwatch" while the page is shown. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    pageTitle = title;
    renderTitle();
  }, [title]);
}

/** Prefixes the tab title with "(n) " while n runs need a person; 0 clears it. */
export function setTitleAttentionCount(count: number): void {
  attentionCount = Math.max(0, Math.floor(count));
  renderTitle();
}
