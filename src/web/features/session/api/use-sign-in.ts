import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionResponseSchema } from '@/contract/bff';
import type { SignInBody } from '@/contract/session';
import { apiSend } from '@/web/lib/api-client';
import { SESSION_QUERY_KEY } from './session-queries';

/** `POST /api/session`. On success the session query holds the new user at once (no extra round trip). */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['session', 'sign-in'],
    mutationFn: async (body: SignInBody) => (await apiSend('POST', '/api/session', sessionResponseSchema, body)).data,
    onSuccess: (session) => {
      // Whatever was cached belonged to whoever used this tab before.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(SESSION_QUERY_KEY, session);
    },
  });
}
