import type { RunListResponse, RunSummary } from '../../../../contract/bff';

/**
 * Flattens loaded pages into one list. While the page polls, new runs push older ones onto the
 * next page, so the same run can appear on two pages; the first (newest) copy wins.
 */
export function mergeRunPages(pages: readonly RunListResponse[]): RunSummary[] {
  const seen = new Set<string>();
  const runs: RunSummary[] = [];
  for (const page of pages) {
    for (const run of page.runs) {
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      runs.push(run);
    }
  }
  return runs;
}

/** The oldest upstream fetch among the pages, and whether any page is stale. */
export function pagesFreshness(pages: readonly RunListResponse[]): { stale: boolean; oldestFetchedAt: string | null } {
  let stale = false;
  let oldest: string | null = null;
  for (const page of pages) {
    if (page.freshness.stale) stale = true;
    if (oldest === null || Date.parse(page.freshness.fetchedAt) < Date.parse(oldest)) oldest = page.freshness.fetchedAt;
  }
  return { stale, oldestFetchedAt: oldest };
}
