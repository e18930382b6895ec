import { queryOptions } from '@tanstack/react-query';
import { boardResponseSchema, watchlistResponseSchema, type BoardResponse, type WatchlistResponse } from '@/contract/board';
import { apiGet } from '@/web/lib/api-client';

/** The board polls often: a prompt may expire within minutes. Paused while the tab is hidden. */
export const BOARD_POLL_INTERVAL_MS = 3_000;

export interface BoardData extends BoardResponse {
  /** Browser time the answer arrived; countdowns run from `generatedAt` on the server's clock. */
  receivedAt: number;
}

export const boardQueries = {
  all: () => ['board'] as const,
  board: () =>
    queryOptions({
      queryKey: ['board', 'view'] as const,
      queryFn: async ({ signal }): Promise<BoardData> => ({
        ...(await apiGet('/api/board', boardResponseSchema, signal)).data,
        receivedAt: Date.now(),
      }),
      refetchInterval: BOARD_POLL_INTERVAL_MS,
      refetchIntervalInBackground: false,
    }),
  watchlist: () =>
    queryOptions({
      queryKey: ['board', 'watchlist'] as const,
      queryFn: async ({ signal }): Promise<WatchlistResponse> => (await apiGet('/api/watchlist', watchlistResponseSchema, signal)).data,
      staleTime: 30_000,
    }),
};
