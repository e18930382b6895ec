import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { auditListResponseSchema, runAuditResponseSchema } from '@/contract/audit';
import { apiGet } from '@/web/lib/api-client';
import { filtersToParams, type AuditFilterValues } from '../utils/audit-filters';

const PAGE_SIZE = 50;

/**
 * Audit log queries. Everything sits under `['audit']`, so whoever changes what the log shows
 * (answering, canceling) can refresh it with `invalidateQueries({ queryKey: ['audit'] })`.
 */
export const auditQueries = {
  all: ['audit'] as const,

  /** One run's actions, oldest first; refreshed every 10 s while `live`. */
  forRun: (runId: string, options: { live?: boolean } = {}) =>
    queryOptions({
      queryKey: ['audit', 'run', runId] as const,
      queryFn: async ({ signal }) => (await apiGet(`/api/runs/${encodeURIComponent(runId)}/audit`, runAuditResponseSchema, signal)).data,
      // A finished run takes no more actions, so its list is final too: no refetch of any kind.
      staleTime: options.live ? 5_000 : Infinity,
      refetchInterval: options.live ? 10_000 : false,
      refetchOnWindowFocus: options.live,
      refetchOnReconnect: options.live,
    }),

  /** The whole log (admins), newest first, page by page. */
  list: (filters: AuditFilterValues) =>
    infiniteQueryOptions({
      queryKey: ['audit', 'list', filters] as const,
      queryFn: async ({ pageParam, signal }) => {
        const params = filtersToParams(filters, { limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) });
        return (await apiGet(`/api/audit?${params.toString()}`, auditListResponseSchema, signal)).data;
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      staleTime: 10_000,
    }),
};
