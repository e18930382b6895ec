import { queryOptions } from '@tanstack/react-query';
import { lookupRecentResponseSchema, lookupResolveResponseSchema } from '@/contract/lookup';
import { apiGet, apiSend } from '@/web/lib/api-client';

export const lookupQueries = {
  /**
   * `POST /api/lookup/resolve`: what Runwatch knows of each id. A read that also records the
   * lookup in the person's recent list, so it is a query (cached per set of ids), not a mutation.
   */
  resolve: (ids: readonly string[]) =>
    queryOptions({
      queryKey: ['lookup', 'resolve', ...ids] as const,
      queryFn: async () => (await apiSend('POST', '/api/lookup/resolve', lookupResolveResponseSchema, { ids })).data.answers,
      // Statuses move on; a lookup opened again later asks again, not within the same minute.
      staleTime: 60_000,
    }),
  /** `GET /api/lookup/recent`: the person's last lookups, newest first. */
  recent: () =>
    queryOptions({
      queryKey: ['lookup', 'recent'] as const,
      queryFn: async ({ signal }) => (await apiGet('/api/lookup/recent', lookupRecentResponseSchema, signal)).data.entries,
    }),
};
