import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { sessionResponseSchema, type SessionResponse } from '@/contract/bff';
import { apiGet } from '@/web/lib/api-client';
import { isUnauthenticated } from '../utils/is-unauthenticated';

export const SESSION_QUERY_KEY = ['session', 'current'] as const;

/**
 * Who is signed in: the user, or `null` when nobody is. "Nobody" is an answer, not an error: an
 * error would leave the previous user in the cache (React Query keeps the last data on error),
 * and a page reading that stale user would think the person is still signed in.
 */
export type CurrentSession = SessionResponse | null;

export const sessionQueries = {
  current: () =>
    queryOptions({
      queryKey: SESSION_QUERY_KEY,
      queryFn: async ({ signal }): Promise<CurrentSession> => {
        try {
          return (await apiGet('/api/session', sessionResponseSchema, signal)).data;
        } catch (error) {
          if (isUnauthenticated(error)) return null;
          throw error;
        }
      },
      staleTime: 60_000,
      retry: false,
    }),
};

/**
 * Records that the session has ended (signed out here or elsewhere, expired, password reset):
 * requests still in flight are dropped and the session reads "nobody", at once and without asking
 * the server again, so every page agrees on it in the same render.
 */
export function markSignedOut(queryClient: QueryClient): void {
  void queryClient.cancelQueries();
  queryClient.setQueryData<CurrentSession>(SESSION_QUERY_KEY, null);
}

/**
 * Forgets everything fetched for the person who was signed in (runs, audit entries, pending
 * actions). Called once no page shows it any more, so no mounted query starts fetching it again.
 */
export function forgetProtectedData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
  queryClient.getMutationCache().clear();
}
