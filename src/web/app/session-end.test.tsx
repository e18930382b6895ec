import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { apiError, fakeSessionApi } from '../features/session/testing/fake-session-api';
import { createQueryClient } from '../lib/query-client';
import { makeRun, makeRunList } from '../lib/testing/make-run';
import { AppRoutes } from './router';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The pages are lazy modules; the first import of each is compiled on demand. */
const FIRST_LOAD = { timeout: 10_000 };

/** Every location the router commits, as path and query. */
function LocationLog({ into }: { into: string[] }) {
  const location = useLocation();
  useEffect(() => {
    into.push(location.pathname + location.search);
  }, [into, location]);
  return null;
}

/** The real pages in the real route table: the runs page, the signed-in shell and the sign-in page. */
function renderApp(initialEntry: string) {
  const queryClient = createQueryClient();
  const locations: string[] = [];
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[initialEntry]}>
        <LocationLog into={locations} />
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { locations, current: () => locations.at(-1), queryClient };
}

// Generous: the first test compiles every lazy page module on demand, slow on a busy machine.
describe('the session ends while the runs page is open', { timeout: 30_000 }, () => {
  it('lands on sign-in once, keeps the page in next, and sends nothing more', async () => {
    let signedIn = true;
    const calls = fakeSessionApi((request) => {
      if (!signedIn) return { status: 401, body: apiError('unauthenticated', 'Sign in to continue.') };
      if (request.path === '/api/session') return { body: { user: { name: 'olga', role: 'operator' } } };
      return { body: makeRunList([makeRun({ id: 'trun_one1', status: 'failed', result: 'failure' })]) };
    });
    const { locations, current, queryClient } = renderApp('/?status=failed');
    expect(await screen.findByRole('link', { name: 'trun_one1' }, FIRST_LOAD)).toBeInTheDocument();
    const before = locations.length;

    signedIn = false; // Signed out elsewhere; the next list request is answered 401.
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to Runwatch' }, FIRST_LOAD)).toBeInTheDocument();
    expect(current()).toBe('/sign-in?next=%2F%3Fstatus%3Dfailed');
    const requestsAtLanding = calls.length;
    await pause(400);

    expect(calls.length).toBe(requestsAtLanding);
    expect(locations.slice(before)).toEqual(['/sign-in?next=%2F%3Fstatus%3Dfailed']);
    expect(screen.getByRole('heading', { name: 'Sign in to Runwatch' })).toBeInTheDocument();
    expect(queryClient.getQueryCache().findAll({ predicate: (query) => query.queryKey[0] !== 'session' })).toEqual([]);
  });

  it('signing in again returns to the page that was open', async () => {
    let signedIn = false;
    fakeSessionApi((request) => {
      if (request.method === 'POST' && request.path === '/api/session') {
        signedIn = true;
        return { body: { user: { name: 'olga', role: 'operator' } } };
      }
      if (!signedIn) return { status: 401, body: apiError('unauthenticated', 'Sign in to continue.') };
      if (request.path === '/api/session') return { body: { user: { name: 'olga', role: 'operator' } } };
      return { body: makeRunList([makeRun({ id: 'trun_two2' })]) };
    });
    const { current } = renderApp('/?status=running');
    await userEvent.type(await screen.findByLabelText('Name', {}, FIRST_LOAD), 'olga');
    await userEvent.type(screen.getByLabelText('Password', { exact: true }), 'a long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'trun_two2' }, FIRST_LOAD)).toBeInTheDocument();
    await waitFor(() => expect(current()).toBe('/?status=running'));
  });
});
