/**
 * The link a colleague opens to see the same view of a run: the page's address with its view state
 * in the query (`?shot=`, `?tab=`, filters) and section (`#timeline`). When the page follows the
 * newest screenshot (no `?shot=`), the link pins the one on screen now, so the colleague sees that
 * one even after more arrive.
 */
export function shareLink(location: Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>, shownShot: number | null): string {
  const params = new URLSearchParams(location.search);
  if (!params.has('shot') && shownShot !== null) params.set('shot', String(shownShot));
  const query = params.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
}
