import { queryOptions } from '@tanstack/react-query';
import { runRawResponseSchema } from '@/contract/bff';
import { apiGet } from '@/web/lib/api-client';

/**
 * `GET /api/runs/:runId/raw`: the upstream's JSON for the run as it sent it (signed URLs, vaulted
 * values and key-shaped strings removed by the server). Fetched only when someone asks for it, and
 * again only when they ask again.
 */
export function rawRunQuery(runId: string) {
  return queryOptions({
    queryKey: ['runs', 'raw', runId] as const,
    queryFn: async ({ signal }) => (await apiGet(`/api/runs/${encodeURIComponent(runId)}/raw`, runRawResponseSchema, signal)).data,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });
}
