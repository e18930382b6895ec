import { queryOptions } from '@tanstack/react-query';
import { sessionResponseSchema } from '../../../../contract/bff';
import { apiGet } from '../../../lib/api-client';

export const SESSION_QUERY_KEY = ['session', 'current'] as const;

export const sessionQueries = {
  /** Who is signed in. Fails with an `ApiRequestError` of status 401 when nobody is. */
  current: () =>
    queryOptions({
      queryKey: SESSION_QUERY_KEY,
      queryFn: async ({ signal }) => (await apiGet('/api/session', sessionResponseSchema, signal)).data,
      staleTime: 60_000,
      retry: false,
    }),
};
