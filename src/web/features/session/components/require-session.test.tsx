import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { apiGet } from '../../../lib/api-client';
import { renderRoute } from '../../../lib/testing/render-route';
import { apiError, fakeSessionApi } from '../testing/fake-session-api';
import { RequireSession } from './require-session';

function ProtectedPage() {
  const data = useQuery({ queryKey: ['runs', 'probe'], queryFn: () => apiGet('/api/runs/probe', z.object({ ok: z.boolean() })), retry: false });
  return <p>{data.isSuccess ? 'protected data' : 'protected page'}</p>;
}

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
