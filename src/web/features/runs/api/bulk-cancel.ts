import { isUnreadableRunRow, runListResponseSchema, type RunListResponse, type RunRow } from '@/contract/bff';
import { BULK_CANCEL_MAX_RUNS, bulkCancelResponseSchema, type BulkCancelResult } from '@/contract/bulk';
import { apiGet, apiSend } from '@/web/lib/api-client';
import { ApiRequestError } from '@/web/lib/api-request-error';
import { runFiltersToApiParams, type RunFilters } from '../utils/run-filters';

/** Most runs "all matching the filter" gathers for one bulk cancel preview. */
export const SELECT_ALL_MAX_RUNS = 500;

/**
 * Every run matching the filters, page by page, up to SELECT_ALL_MAX_RUNS: what "all matching"
 * means at the moment the preview is made. `more` says the list went on past the limit.
 */
export async function fetchAllMatching(filters: RunFilters, signal?: AbortSignal): Promise<{ runs: RunRow[]; more: boolean }> {
  const runs: RunRow[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: RunListResponse = (
      await apiGet(`/api/runs?${runFiltersToApiParams(filters, { cursor, limit: 100 }).toString()}`, runListResponseSchema, signal)
    ).data;
    for (const item of page.runs) if (!isUnreadableRunRow(item)) runs.push(item);
    if (runs.length >= SELECT_ALL_MAX_RUNS) return { runs: runs.slice(0, SELECT_ALL_MAX_RUNS), more: true };
    if (!page.hasMore || !page.nextCursor) return { runs, more: false };
    cursor = page.nextCursor;
  }
}

/**
 * Cancels the runs in batches of BULK_CANCEL_MAX_RUNS, one batch after the other, reporting each
 * batch's results as they come. A batch that fails as a whole marks each of its runs failed with
 * the reason, and the next batch is still sent.
 */
export async function cancelRuns(runIds: readonly string[], onResults: (results: BulkCancelResult[]) => void): Promise<void> {
  for (let start = 0; start < runIds.length; start += BULK_CANCEL_MAX_RUNS) {
    const batch = runIds.slice(start, start + BULK_CANCEL_MAX_RUNS);
    try {
      onResults((await apiSend('POST', '/api/runs/bulk-cancel', bulkCancelResponseSchema, { runIds: batch })).data.results);
    } catch (error) {
      const code = error instanceof ApiRequestError ? error.code : 'network_error';
      const message = error instanceof Error ? error.message : 'The request failed.';
      onResults(batch.map((runId) => ({ runId, outcome: 'failed', code, message, status: null })));
    }
  }
}
