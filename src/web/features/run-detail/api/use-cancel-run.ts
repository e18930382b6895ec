import { useMutation, useQueryClient } from '@tanstack/react-query';
import { runActionResponseSchema } from '@/contract/bff';
import { apiSend } from '@/web/lib/api-client';
import { applyActionResponse } from './use-run-cache';

/**
 * `POST /api/runs/:runId/cancel`. An accepted cancel replaces the cached run with the one it
 * returned, or refetches the run when it returned none.
 */
export function useCancelRun(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['runs', 'cancel', runId],
    mutationFn: async () => (await apiSend('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`, runActionResponseSchema)).data,
    onSuccess: (action) => applyActionResponse(queryClient, runId, action),
  });
}
