import { useMutation } from '@tanstack/react-query';
import type { RunActionResponse, SubmitInteractionBody } from '@/contract/bff';
import { runActionResponseSchema } from '@/contract/bff';
import { apiSend } from '@/web/lib/api-client';

export interface SubmitInteractionHooks {
  /** Runs before the request, e.g. to stop an in-flight poll from overwriting the answer's result. */
  beforeSubmit?: () => Promise<void>;
  /** Receives the accepted answer's response: the run as it stands after it, or null (refetch it). */
  onAnswered: (response: RunActionResponse) => void;
}

/**
 * `POST /api/runs/:runId/interaction` with `{ promptId, input }`: the prompt it answers travels
 * with the answer, so the server sends at most one answer per prompt. Answers are never kept
 * after the request.
 */
export function useSubmitInteraction(runId: string, hooks: SubmitInteractionHooks) {
  return useMutation({
    mutationKey: ['runs', 'interaction', runId],
    // The answer (an MFA code…) is a secret: drop the mutation and its variables as soon as nobody watches it.
    gcTime: 0,
    mutationFn: async (body: SubmitInteractionBody) => {
      await hooks.beforeSubmit?.();
      return (await apiSend('POST', `/api/runs/${encodeURIComponent(runId)}/interaction`, runActionResponseSchema, body)).data;
    },
    onSuccess: (response) => hooks.onAnswered(response),
  });
}
