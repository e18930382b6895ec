import { useMutation } from '@tanstack/react-query';
import type { RunResponse, SubmitInteractionBody } from '../../../../contract/bff';
import { runResponseSchema } from '../../../../contract/bff';
import { apiSend } from '../../../lib/api-client';

export interface SubmitInteractionHooks {
  /** Runs before the request, e.g. to stop an in-flight poll from overwriting the answer's result. */
  beforeSubmit?: () => Promise<void>;
  /** Receives the run as it stands after the answer. */
  onAnswered: (response: RunResponse) => void;
}

/** `POST /api/runs/:runId/interaction` with `{ input: { … } }`. Answers are never kept after the request. */
export function useSubmitInteraction(runId: string, hooks: SubmitInteractionHooks) {
  return useMutation({
    mutationKey: ['runs', 'interaction', runId],
    // The answer (an MFA code…) is a secret: drop the mutation and its variables as soon as nobody watches it.
    gcTime: 0,
    mutationFn: async (input: SubmitInteractionBody['input']) => {
      await hooks.beforeSubmit?.();
      const body: SubmitInteractionBody = { input };
      return (await apiSend('POST', `/api/runs/${encodeURIComponent(runId)}/interaction`, runResponseSchema, body)).data;
    },
    onSuccess: (response) => hooks.onAnswered(response),
  });
}
