import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { failuresResponseSchema, type FailureWindow } from '@/contract/failures';
import { apiGet } from '@/web/lib/api-client';

/** The report comes from Runwatch's own index (no upstream call), so a minute's refresh costs little. */
export const FAILURES_POLL_INTERVAL_MS = 30_000;

export const failuresQueries = {
  report: (window: FailureWindow) =>
    queryOptions({
      queryKey: ['failures', window] as const,
      queryFn: async ({ signal }) => (await apiGet(`/api/failures?window=${window}`, failuresResponseSchema, signal)).data,
      refetchInterval: FAILURES_POLL_INTERVAL_MS,
      refetchIntervalInBackground: false,
      // Switching the window keeps the old report on screen until the new one is there.
      placeholderData: keepPreviousData,
    }),
};
