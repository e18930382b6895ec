import { useMutation, useQueryClient } from '@tanstack/react-query';
import { runResponseSchema } from '../../../../contract/bff';
import { apiSend } from '../../../lib/api-client';
import { mergeRunResponse } from './merge-run-response';
import { runQueries } from './run-queries';

/** `POST /api/runs/:runId/cancel`; the answer (a run in `canceling`) replaces the cached run at once. */
export function useCancelRun(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['runs', 'cancel', runId],
    mutationFn: async () => (await apiSend('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`, runResponseSchema)).data,
    onSuccess: (fresh) => {
      const key = runQueries.detail(runId).queryKey;
      queryClient.setQueryData(key, (cached) => mergeRunResponse(cached, fresh));
    },
  });
}
