import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { RunResponse } from '../../../../contract/bff';
import { mergeRunResponse } from './merge-run-response';
import { runQueries } from './run-queries';

/** Lets actions of other features (answering a prompt) update this run's cached detail. */
export function useRunCache(runId: string) {
  const queryClient = useQueryClient();
  return useMemo(() => {
    const key = runQueries.detail(runId).queryKey;
    return {
      /** Stops a poll in flight so its older answer cannot land after the action's newer one. */
      cancelInFlight: () => queryClient.cancelQueries({ queryKey: key }),
      applyRunResponse: (fresh: RunResponse) => queryClient.setQueryData(key, (cached) => mergeRunResponse(cached, fresh)),
    };
  }, [queryClient, runId]);
}
