import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { watchlistResponseSchema } from '@/contract/board';
import { apiSend } from '@/web/lib/api-client';
import { boardQueries } from './board-queries';

/** Whether a run is on the caller's watchlist, and the toggle; the board refreshes after a change. */
export function usePin(runId: string) {
  const client = useQueryClient();
  const watchlist = useQuery(boardQueries.watchlist());
  const pinned = watchlist.data?.pins.some((pin) => pin.runId === runId) ?? false;
  const toggle = useMutation({
    mutationKey: ['board', 'pin', runId],
    mutationFn: async (pin: boolean) => (await apiSend(pin ? 'PUT' : 'DELETE', `/api/watchlist/${encodeURIComponent(runId)}`, watchlistResponseSchema)).data,
    onSuccess: (data) => {
      client.setQueryData(boardQueries.watchlist().queryKey, data);
      void client.invalidateQueries({ queryKey: boardQueries.board().queryKey });
    },
  });
  return { pinned, known: watchlist.isSuccess, toggle };
}
