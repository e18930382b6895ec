import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { apiGet } from '@/web/lib/api-client';
import { renderRoute } from '@/web/lib/testing/render-route';
import { announceSignedOut } from '../api/session-broadcast';
import { apiError, fakeSessionApi } from '../testing/fake-session-api';
import { RequireSession } from './require-session';

function ProtectedPage({ pollMs }: { pollMs?: number }) {
  const data = useQuery({
    queryKey: ['runs', 'probe'],
    queryFn: () => apiGet('/api/runs/probe', z.object({ ok: z.boolean() })),
    retry: false,
    refetchInterval: pollMs,
  });
  return <p>{data.isSuccess ? 'protected data' : 'protected page'}</p>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const alice = { user: { name: 'alice', role: 'operator' } };

describe('RequireSession', () => {
  it('sends someone who is not signed in to the sign-in page, remembering where they were', async () => {
    fakeSessionApi(() => ({ status: 401, body: apiError('unauthenticated', 'sign in to continue') }));
    renderRoute(
      <RequireSession>
        <ProtectedPage />
      </RequireSession>,
      { path: '/watch/:id', initialEntry: '/watch/trun_1?tab=files' },
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fwatch%2Ftrun_1%3Ftab%3Dfiles'));
    expect(screen.queryByText(/protected/)).not.toBeInTheDocument();
  });

  it('shows the page to a signed-in person', async () => {
    fakeSessionApi((request) => (request.path === '/api/session' ? { body: alice } : { body: { ok: true } }));
    renderRoute(
      <RequireSession>
        <ProtectedPage />
      </RequireSession>,
      { path: '/watch/:id', initialEntry: '/watch/trun_1' },
    );
    expect(await screen.findByText('protected data')).toBeInTheDocument();
  });

  it('goes to sign-in when the session ends while the page is open', async () => {
    let signedIn = true;
    fakeSessionApi((request) => {
      if (request.path === '/api/session') return signedIn ? { body: alice } : { status: 401, body: apiError('unauthenticated', 'sign in') };
      signedIn = false; // The session expired between the two requests.
      return { status: 401, body: apiError('unauthenticated', 'sign in to continue') };
    });
    renderRoute(
      <RequireSession>
        <ProtectedPage />
      </RequireSession>,
      { path: '/watch/:id', initialEntry: '/watch/trun_2' },
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fwatch%2Ftrun_2'));
  });

  it('after a 401 from a polling page: one redirect, the data forgotten, and no request after it', async () => {
    let signedIn = true;
    const calls = fakeSessionApi((request) => {
      if (!signedIn) return { status: 401, body: apiError('unauthenticated', 'sign in to continue') };
      return request.path === '/api/session' ? { body: alice } : { body: { ok: true } };
    });
    const { router, queryClient } = renderRoute(
      <RequireSession>
        <ProtectedPage pollMs={20} />
      </RequireSession>,
      { path: '/watch/:id', initialEntry: '/watch/trun_3?tab=files' },
    );
    expect(await screen.findByText('protected data')).toBeInTheDocument();
    const visited: string[] = [];
    // Every location the router commits (its other updates, e.g. "loading", keep the old one).
    let last = router.state.location;
    router.subscribe((state) => {
      if (state.location !== last) visited.push(state.location.pathname + state.location.search);
      last = state.location;
    });

    signedIn = false; // Signed out in another tab: the next poll is answered 401.
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fwatch%2Ftrun_3%3Ftab%3Dfiles'));
    const requestsAtLanding = calls.length;
    await pause(300); // Fifteen poll intervals.

    expect(calls.length).toBe(requestsAtLanding);
    expect(calls.filter((c) => c.path === '/api/session')).toHaveLength(1); // Only the first check, none after the 401.
    expect(visited).toEqual(['/sign-in?next=%2Fwatch%2Ftrun_3%3Ftab%3Dfiles']);
    expect(queryClient.getQueryData(['runs', 'probe'])).toBeUndefined();
    expect(queryClient.getQueryData(['session', 'current'])).toBeNull();
  });

  it('goes to sign-in without a request when another tab announces a sign-out', async () => {
    const calls = fakeSessionApi((request) => (request.path === '/api/session' ? { body: alice } : { body: { ok: true } }));
    renderRoute(
      <RequireSession>
        <ProtectedPage />
      </RequireSession>,
      { path: '/watch/:id', initialEntry: '/watch/trun_4' },
    );
    expect(await screen.findByText('protected data')).toBeInTheDocument();
    const requestsBefore = calls.length;
    announceSignedOut();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fwatch%2Ftrun_4'));
    expect(calls.length).toBe(requestsBefore);
  });

  it('offers a retry when the session cannot be checked', async () => {
    fakeSessionApi(() => ({ status: 503, body: apiError('not_ready', 'shutting down') }));
    renderRoute(
      <RequireSession>
        <ProtectedPage />
      </RequireSession>,
    );
    expect(await screen.findByText('Runwatch could not check your sign-in')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByText(/protected/)).not.toBeInTheDocument();
  });
});
