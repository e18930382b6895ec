import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiGet } from '../../../lib/api-client';

/** `GET /api/lookup/request/:requestId` — the run a request id was observed on. */
export const requestLookupResponseSchema = z.object({ runId: z.string() });

export const lookupQueries = {
  request: (requestId: string) =>
    queryOptions({
      queryKey: ['lookup', 'request', requestId] as const,
      queryFn: async ({ signal }) =>
        (await apiGet(`/api/lookup/request/${encodeURIComponent(requestId)}`, requestLookupResponseSchema, signal)).data,
      // A request id maps to one run forever; no need to ask again in this page view.
      staleTime: Infinity,
    }),
};
