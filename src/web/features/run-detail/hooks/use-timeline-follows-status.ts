import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { RunStatus } from '../../../../contract/run-status';
import { runQueries } from '../api/run-queries';

/**
 * The timeline only changes when the status does, so it is refetched on each observed change
 * instead of being polled. After a terminal status nothing changes any more, so nothing is fetched.
 */
export function useTimelineFollowsStatus(runId: string, status: RunStatus | undefined): void {
  const queryClient = useQueryClient();
  const previous = useRef<RunStatus | undefined>(status);
  useEffect(() => {
    if (status === undefined) return;
    if (previous.current !== undefined && previous.current !== status) {
      void queryClient.invalidateQueries({ queryKey: runQueries.timeline(runId).queryKey });
    }
    previous.current = status;
  }, [queryClient, runId, status]);
}
