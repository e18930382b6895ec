import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { runListResponseSchema, type RunListResponse } from '@/contract/bff';
import { apiGet } from '@/web/lib/api-client';
import { NEEDS_HUMAN_STATUSES, runFiltersToApiParams, type RunFilters } from '../utils/run-filters';

/** How often the overview asks for fresh data while the tab is visible. */
export const RUNS_POLL_INTERVAL_MS = 5_000;

async function fetchRunPage(filters: RunFilters, cursor: string | null, signal: AbortSignal, limit?: number): Promise<RunListResponse> {
  const params = runFiltersToApiParams(filters, { cursor, limit });
  return (await apiGet(`/api/runs?${params.toString()}`, runListResponseSchema, signal)).data;
}

export const runsQueries = {
  all: () => ['runs', 'list'] as const,

  /** The paged overview. Polls every 5 s; React Query pauses the interval while the tab is hidden. */
  list: (filters: RunFilters) =>
    infiniteQueryOptions({
      queryKey: [...runsQueries.all(), filters] as const,
      queryFn: ({ pageParam, signal }) => fetchRunPage(filters, pageParam, signal),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
      refetchInterval: RUNS_POLL_INTERVAL_MS,
      refetchIntervalInBackground: false,
      // Changing a filter keeps the old rows on screen (dimmed) instead of flashing a skeleton.
      placeholderData: keepPreviousData,
    }),

  /**
   * Runs waiting for a person, fetched on their own so they show at the top even when they are
   * not on the first page of the overview.
   */
  needsHuman: (filters: RunFilters) => {
    const scoped: RunFilters = { ...filters, statuses: [...NEEDS_HUMAN_STATUSES], outcome: null };
    return queryOptions({
      queryKey: ['runs', 'needs-human', scoped] as const,
      queryFn: ({ signal }) => fetchRunPage(scoped, null, signal, 20),
      refetchInterval: RUNS_POLL_INTERVAL_MS,
      refetchIntervalInBackground: false,
    });
  },
};
