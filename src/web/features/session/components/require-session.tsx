import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button } from '@/web/components/ui/button';
import { ErrorState } from '@/web/components/ui/error-state';
import { Spinner } from '@/web/components/ui/spinner';
import { takeEarlySessionRead } from '../api/early-session-read';
import { onSignedOutElsewhere } from '../api/session-broadcast';
import { forgetProtectedData, markSignedOut, sessionQueries, SESSION_QUERY_KEY } from '../api/session-queries';
import { isUnauthenticated } from '../utils/is-unauthenticated';
import { signInPathFor } from '../utils/safe-next-path';

/**
 * Renders its children only for a signed-in person; otherwise sends them, once, to
 * `/sign-in?next=<this page>`.
 *
 * The session can end while a page is open (signed out in another tab, expired, password reset).
 * Any `/api` answer 401, or a sign-out announced by another tab, marks the session ended right
 * away: the children unmount (which stops their polling), then everything they fetched is
 * forgotten. Nothing asks the server again, so there is one redirect and then no requests.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const queryClient = useQueryClient();
  const [early] = useState(takeEarlySessionRead);
  const session = useQuery(
    early?.settled ? { ...sessionQueries.current(), initialData: early.settled.session, initialDataUpdatedAt: early.settled.at } : sessionQueries.current(),
  );
  // A read started as the document loaded and still on its way: the query joins it (a layout effect
  // runs before the query's subscription would start a read of its own).
  useLayoutEffect(() => {
    if (!early || early.settled) return;
    const options = sessionQueries.current();
    if (queryClient.getQueryState(options.queryKey)?.data !== undefined) return;
    void queryClient.prefetchQuery({ ...options, queryFn: () => early.read });
  }, [early, queryClient]);
  const signedOut = session.data === null;

  useEffect(() => {
    const endIfUnauthenticated = (error: unknown, key: readonly unknown[] | undefined) => {
      if (key?.[0] !== SESSION_QUERY_KEY[0] && isUnauthenticated(error)) markSignedOut(queryClient);
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') endIfUnauthenticated(event.action.error, event.query.queryKey);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') endIfUnauthenticated(event.action.error, event.mutation?.options.mutationKey);
    });
    const stopBroadcast = onSignedOutElsewhere(() => markSignedOut(queryClient));
    return () => {
      stopQueries();
      stopMutations();
      stopBroadcast();
    };
  }, [queryClient]);

  // Runs after the children have unmounted, so none of their queries is re-created and fetched.
  useEffect(() => {
    if (signedOut) forgetProtectedData(queryClient);
  }, [signedOut, queryClient]);

  if (signedOut) return <Navigate to={signInPathFor(location)} replace />;
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
