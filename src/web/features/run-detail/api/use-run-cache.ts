import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { RunActionResponse } from '@/contract/bff';
import { actionRunResponse, mergeRunResponse } from './merge-run-response';
import { runQueries } from './run-queries';

/**
 * Puts the run an accepted action returned into the cached detail, or refetches the run when the
 * action was accepted without one (an upstream answering 202/204, or a re-read that failed).
 */
export function applyActionResponse(queryClient: QueryClient, runId: string, action: RunActionResponse): void {
  const key = runQueries.detail(runId).queryKey;
  const fresh = actionRunResponse(action, new Date().toISOString());
  if (fresh) queryClient.setQueryData(key, (cached) => mergeRunResponse(cached, fresh));
  else void queryClient.invalidateQueries({ queryKey: key, exact: true });
}

/** Lets actions of other features (answering a prompt) update this run's cached detail. */
export function useRunCache(runId: string) {
  const queryClient = useQueryClient();
  return useMemo(() => {
    const key = runQueries.detail(runId).queryKey;
    return {
      /** Stops a poll in flight so its older answer cannot land after the action's newer one. */
      cancelInFlight: () => queryClient.cancelQueries({ queryKey: key }),
      applyActionResponse: (action: RunActionResponse) => applyActionResponse(queryClient, runId, action),
    };
  }, [queryClient, runId]);
}
