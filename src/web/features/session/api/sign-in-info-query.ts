import { queryOptions } from '@tanstack/react-query';
import { signInInfoSchema, type SignInInfo } from '@/contract/session';
import { apiGet } from '@/web/lib/api-client';

/**
 * `GET /api/sign-in/info`: whether this is the embedded demo (whose passwords are in the server's
 * console) and the password rule. Public and fixed for the server's lifetime, so fetched once.
 */
export const signInInfoQuery = () =>
  queryOptions({
    queryKey: ['session', 'sign-in-info'] as const,
    queryFn: async ({ signal }): Promise<SignInInfo> => (await apiGet('/api/sign-in/info', signInInfoSchema, signal)).data,
    staleTime: Infinity,
    retry: false,
  });
