import type { QueryClient } from '@tanstack/react-query';
import { runAuditResponseSchema, type AuditEntry } from '../../../../contract/audit';
import { apiGet } from '../../../lib/api-client';

/**
 * The actions on a run, for the request ids of the summary. Same key as the run page's audit list,
 * so a copy right after the page loaded reuses what it fetched.
 */
export async function fetchRunAudit(client: QueryClient, runId: string): Promise<readonly AuditEntry[]> {
  const data = await client.fetchQuery({
    queryKey: ['audit', 'run', runId] as const,
    queryFn: async ({ signal }) => (await apiGet(`/api/runs/${encodeURIComponent(runId)}/audit`, runAuditResponseSchema, signal)).data,
    staleTime: 5_000,
  });
  return data.entries;
}

export function bundlePath(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/bundle`;
}
