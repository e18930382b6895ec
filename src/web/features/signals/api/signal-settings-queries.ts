import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { signalSettingsSchema, type SignalSettings } from '@/contract/signals';
import { apiGet, apiSend } from '@/web/lib/api-client';

export const signalSettingsQueries = {
  current: () =>
    queryOptions({
      queryKey: ['signal-settings'] as const,
      queryFn: async ({ signal }) => (await apiGet('/api/signals/settings', signalSettingsSchema, signal)).data,
      staleTime: 60_000,
    }),
};

/** Saves the whole settings document; the cached copy is updated only once the server kept it. */
export function useSaveSignalSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (settings: SignalSettings) => (await apiSend('PUT', '/api/signals/settings', signalSettingsSchema, settings)).data,
    onSuccess: (saved) => queryClient.setQueryData(signalSettingsQueries.current().queryKey, saved),
  });
}
