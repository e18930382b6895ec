import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Reloads a run's actions as soon as someone on this page acts on the run. Run actions are
 * mutations keyed `['runs', <action>, runId]` (answer, cancel); the audit log records both
 * successes and failures, so either outcome is a reason to look again.
 */
export function useRefreshAfterRunActions(runId: string, queryKey: readonly unknown[]): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated') return;
        const { action } = event;
        if (action.type !== 'success' && action.type !== 'error') return;
        const key = event.mutation.options.mutationKey;
        if (key?.[0] === 'runs' && key[2] === runId) void queryClient.invalidateQueries({ queryKey });
      }),
    // The key is derived from runId; listing it would resubscribe on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, runId],
  );
}
