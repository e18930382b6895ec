import type { QueryClient } from '@tanstack/react-query';
import { runAuditResponseSchema, type AuditEntry } from '@/contract/audit';
import { apiErrorSchema } from '@/contract/bff';
import { apiGet } from '@/web/lib/api-client';

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

/** The bundle zip and the file name the server gave it; a plain, readable message when it could not be made. */
export async function fetchBundle(runId: string): Promise<{ zip: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(bundlePath(runId), { credentials: 'same-origin' });
  } catch {
    throw new Error('Runwatch could not be reached. Check your connection.');
  }
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(await response.json().catch(() => undefined));
    throw new Error(parsed.success ? parsed.data.error.message : `Runwatch answered HTTP ${response.status}.`);
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return { zip: await response.blob(), fileName: named?.[1] ?? `runwatch-${runId}.zip` };
}
