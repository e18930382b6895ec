import { queryOptions } from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import type { RunResponse, TimelineResponse } from '@/contract/bff';
import { runResponseSchema, timelineResponseSchema } from '@/contract/bff';
import { isTerminal } from '@/contract/run-status';
import { ApiRequestError, apiGet } from '@/web/lib/api-client';
import { keepNewerScreenshots } from './merge-run-response';
import { nextPollDelay } from '../utils/poll-policy';

/** Sections the run page shows beyond the core run: input, files and screenshots. */
const DETAIL_INCLUDE = 'input,storage,artifacts';

type RunDetailKey = readonly ['runs', 'detail', string];
type RunDetailQuery = Query<RunResponse, Error, RunResponse, RunDetailKey>;

function hasFinalData(query: RunDetailQuery): boolean {
  const status = query.state.data?.run.status;
  // An unrecognised status (null) is not final: the run may still move.
  return status !== undefined && status !== null && isTerminal(status);
}

/**
 * Failed polls since the last success, per cached query. React Query resets its own
 * `fetchFailureCount` at the start of every fetch, so it cannot tell the third failure in a row
 * from the first; the backoff needs to.
 */
const consecutiveFailures = new WeakMap<object, number>();

/** Polling cadence from the last good status and the current run of failures (see poll-policy). */
export function runDetailRefetchInterval(query: RunDetailQuery): number | false {
  const { data, error, status } = query.state;
  const failure =
    error && status === 'error'
      ? {
          consecutiveFailures: consecutiveFailures.get(query) ?? 1,
          httpStatus: error instanceof ApiRequestError ? error.status : 0,
          retryAfterSeconds: error instanceof ApiRequestError ? error.retryAfterSeconds : null,
        }
      : null;
  return nextPollDelay(data?.run.status ?? null, failure);
}

function runPath(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}`;
}

export const runQueries = {
  all: () => ['runs'] as const,
  detail: (runId: string) =>
    queryOptions({
      queryKey: ['runs', 'detail', runId] as RunDetailKey,
      queryFn: async ({ signal, client, queryKey }) => {
        const query = client.getQueryCache().find({ queryKey, exact: true });
        try {
          const { data } = await apiGet(`${runPath(runId)}?include=${DETAIL_INCLUDE}`, runResponseSchema, signal);
          if (query) consecutiveFailures.delete(query);
          return keepNewerScreenshots(query?.state.data as RunResponse | undefined, data);
        } catch (error) {
          if (query && !signal.aborted) consecutiveFailures.set(query, (consecutiveFailures.get(query) ?? 0) + 1);
          throw error;
        }
      },
      refetchInterval: runDetailRefetchInterval,
      // Hidden tabs do not poll; React Query resumes when the tab becomes visible again.
      refetchIntervalInBackground: false,
      // Final data never goes stale, so focus, reconnect and remount cannot trigger a request.
      staleTime: (query) => (hasFinalData(query) ? Infinity : 0),
      refetchOnWindowFocus: (query) => !hasFinalData(query),
      refetchOnReconnect: (query) => !hasFinalData(query),
      // Backoff is the interval's job (it honours Retry-After); retrying inside a fetch would hide it.
      retry: false,
    }),
  /**
   * Status history observed by Runwatch. It only changes when the status does, so the page
   * refetches it on each status change instead of polling it.
   */
  timeline: (runId: string) =>
    queryOptions({
      queryKey: ['runs', 'timeline', runId] as const,
      queryFn: async ({ signal }): Promise<TimelineResponse> => (await apiGet(`${runPath(runId)}/timeline`, timelineResponseSchema, signal)).data,
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      retry: 1,
    }),
};
