import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '@/web/lib/testing/render-route';
import { apiError, fakeSessionApi } from '../testing/fake-session-api';
import { RequireSession } from './require-session';
import { UserMenu } from './user-menu';

describe('UserMenu', () => {
  it('shows who is signed in and their role', async () => {
    fakeSessionApi(() => ({ body: { user: { name: 'vera', role: 'viewer' } } }));
    renderRoute(<UserMenu />);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('vera');
    expect(screen.getByTestId('signed-in-role')).toHaveTextContent('Viewer');
    expect(screen.queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
  });

  it('links admins to the audit log', async () => {
    fakeSessionApi(() => ({ body: { user: { name: 'ada', role: 'admin' } } }));
    renderRoute(<UserMenu />);
    expect(await screen.findByRole('link', { name: 'Audit log' })).toHaveAttribute('href', '/audit');
  });

  it('signs out on the server, forgets cached data and goes to the sign-in page', async () => {
    const calls = fakeSessionApi((request) =>
      request.method === 'DELETE' ? { body: { signedOut: true } } : { body: { user: { name: 'olga', role: 'operator' } } },
    );
    const { queryClient } = renderRoute(
      <RequireSession>
        <UserMenu />
      </RequireSession>,
      { initialEntry: '/' },
    );
    queryClient.setQueryData(['runs', 'list'], { secret: 'what olga saw' });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/sign-in$/));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/session')).toBe(true);
    expect(queryClient.getQueryData(['runs', 'list'])).toBeUndefined();
    expect(calls.filter((c) => c.path === '/api/session' && c.method === 'GET')).toHaveLength(1);
  });

  it('treats an already-ended session as signed out', async () => {
    fakeSessionApi((request) =>
      request.method === 'DELETE' ? { status: 401, body: apiError('unauthenticated', 'sign in') } : { body: { user: { name: 'olga', role: 'operator' } } },
    );
    renderRoute(
      <RequireSession>
        <UserMenu />
      </RequireSession>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in'));
  });
});
