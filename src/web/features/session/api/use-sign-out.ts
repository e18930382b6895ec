import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signOutResponseSchema } from '@/contract/session';
import { apiSend } from '@/web/lib/api-client';
import { isUnauthenticated } from '../utils/is-unauthenticated';
import { announceSignedOut } from './session-broadcast';
import { markSignedOut } from './session-queries';

/**
 * `DELETE /api/session`. Success marks the session ended, which takes the page to sign-in and drops
 * every cached answer (see RequireSession), and tells this browser's other tabs. A 401 means the
 * session had already ended: same result.
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const leave = () => {
    markSignedOut(queryClient);
    announceSignedOut();
  };
  return useMutation({
    mutationKey: ['session', 'sign-out'],
    mutationFn: async () => (await apiSend('DELETE', '/api/session', signOutResponseSchema)).data,
    onSuccess: leave,
    onError: (error) => {
      if (isUnauthenticated(error)) leave();
    },
  });
}
