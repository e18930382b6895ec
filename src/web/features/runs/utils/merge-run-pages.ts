import type { Freshness, RunListItem, RunListResponse } from '@/contract/bff';

/**
 * Flattens loaded pages into one list. While the page polls, new runs push older ones onto the
 * next page, so the same run can appear on two pages; the first (newest) copy wins. An item the
 * server could not read and that has no id cannot be matched, so it is always kept.
 */
export function mergeRunPages(pages: readonly RunListResponse[]): RunListItem[] {
  const seen = new Set<string>();
  const runs: RunListItem[] = [];
  for (const page of pages) {
    for (const item of page.runs) {
      const id: string | null = item.id;
      if (id !== null) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      runs.push(item);
    }
  }
  return runs;
}

/** The oldest upstream fetch among the pages, and whether (and why) any page is stale. */
export function pagesFreshness(pages: readonly RunListResponse[]): {
  stale: boolean;
  staleReason: Freshness['staleReason'];
  oldestFetchedAt: string | null;
} {
  let stale = false;
  let staleReason: Freshness['staleReason'] = null;
  let oldest: string | null = null;
  for (const page of pages) {
    if (page.freshness.stale) {
      stale = true;
      staleReason ??= page.freshness.staleReason ?? null;
    }
    if (oldest === null || Date.parse(page.freshness.fetchedAt) < Date.parse(oldest)) oldest = page.freshness.fetchedAt;
  }
  return { stale, staleReason, oldestFetchedAt: oldest };
}
