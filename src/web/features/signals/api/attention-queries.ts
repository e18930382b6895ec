import { queryOptions } from '@tanstack/react-query';
import { attentionResponseSchema } from '@/contract/attention';
import { apiGet } from '@/web/lib/api-client';

/** How often every signed-in page asks; the answer comes from the server's run index, not the upstream. */
export const ATTENTION_POLL_MS = 5_000;

export const attentionQueries = {
  current: () =>
    queryOptions({
      queryKey: ['attention'] as const,
      queryFn: async ({ signal }) => (await apiGet('/api/attention', attentionResponseSchema, signal)).data,
      refetchInterval: ATTENTION_POLL_MS,
      // A tab in the background is exactly where the title count and notifications matter.
      refetchIntervalInBackground: true,
    }),
};
