import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ErrorState } from '../../../components/ui/error-state';
import { Spinner } from '../../../components/ui/spinner';
import { sessionQueries, SESSION_QUERY_KEY } from '../api/session-queries';
import { isUnauthenticated } from '../utils/is-unauthenticated';
import { signInPathFor } from '../utils/safe-next-path';

/**
 * Renders its children only for a signed-in person; otherwise sends them to
 * `/sign-in?next=<this page>`. It also watches every other query and mutation: when one is
 * answered 401 (the session expired or was ended elsewhere), the session is checked again and
 * the person is sent to sign in, instead of pages showing a row of errors.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const queryClient = useQueryClient();
  const session = useQuery(sessionQueries.current());

  useEffect(() => {
    const recheck = (error: unknown, key: readonly unknown[] | undefined) => {
      if (key?.[0] !== 'session' && isUnauthenticated(error)) {
        void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      }
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error, event.query.queryKey);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error, event.mutation?.options.mutationKey);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);

  if (session.isError && isUnauthenticated(session.error)) return <Navigate to={signInPathFor(location)} replace />;
  if (session.data) return <>{children}</>;
  if (session.isError) {
    return (
      <div className="mx-auto max-w-xl px-4 py-16">
        <ErrorState
          title="Runwatch could not check your sign-in"
          description={session.error.message}
          actions={
            <Button variant="primary" onClick={() => void session.refetch()} loading={session.isFetching}>
              Try again
            </Button>
          }
        />
      </div>
    );
  }
  return (
    <div className="flex min-h-dvh items-center justify-center text-fg-subtle">
      <Spinner label="Checking your sign-in" />
    </div>
  );
}
