import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { signOutResponseSchema } from '../../../../contract/session';
import { apiSend } from '../../../lib/api-client';
import { SIGN_IN_PATH } from '../utils/safe-next-path';
import { isUnauthenticated } from '../utils/is-unauthenticated';

/**
 * `DELETE /api/session`, then the sign-in page with every cached answer dropped, so nothing the
 * previous person saw stays in memory. A 401 means the session had already ended: same result.
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const leave = async () => {
    await navigate(SIGN_IN_PATH, { replace: true });
    queryClient.clear();
  };
  return useMutation({
    mutationKey: ['session', 'sign-out'],
    mutationFn: async () => (await apiSend('DELETE', '/api/session', signOutResponseSchema)).data,
    onSuccess: leave,
    onError: async (error) => {
      if (isUnauthenticated(error)) await leave();
    },
  });
}
