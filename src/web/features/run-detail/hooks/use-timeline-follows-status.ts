import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { runQueries } from '../api/run-queries';

/**
 * The timeline only changes when the status does, so it is refetched on each observed change
 * instead of being polled. After a terminal status nothing changes any more, so nothing is fetched.
 * `status` is the status as the upstream spelled it, so a change between two unrecognised statuses
 * counts too.
 */
export function useTimelineFollowsStatus(runId: string, status: string | undefined): void {
  const queryClient = useQueryClient();
  const previous = useRef<string | undefined>(status);
  useEffect(() => {
    if (status === undefined) return;
    if (previous.current !== undefined && previous.current !== status) {
      void queryClient.invalidateQueries({ queryKey: runQueries.timeline(runId).queryKey });
    }
    previous.current = status;
  }, [queryClient, runId, status]);
}
