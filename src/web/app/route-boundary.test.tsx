import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lazy } from 'react';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../lib/api-request-error';
import { RouteBoundary } from './route-boundary';

function Crashing({ error }: { error: unknown }): never {
  throw error;
}

function renderRoutes(crash: unknown, initialEntry = '/broken') {
  return render(
    <MemoryRouter initialEntries={[initialEntry]}>
      <nav>
        <Link to="/fine">Fine page</Link>
        <Link to="/broken">Broken page</Link>
      </nav>
      <Routes>
        <Route
          path="/broken"
          element={
            <RouteBoundary fallback={<p>Loading…</p>}>
              <Crashing error={crash} />
            </RouteBoundary>
          }
        />
        <Route
          path="/fine"
          element={
            <RouteBoundary fallback={<p>Loading…</p>}>
              <h1>Fine</h1>
            </RouteBoundary>
          }
        />
      </Routes>
    </MemoryRouter>,
  );
}

describe('a route boundary', () => {
  it('shows the designed error state in place of a page that crashed, and the navigation around it keeps working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderRoutes(new Error('cannot read properties of undefined'));
    expect(screen.getByRole('heading', { name: 'Something went wrong on this page' })).toBeInTheDocument();
    expect(screen.getByText('cannot read properties of undefined')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Fine page' }));
    expect(await screen.findByRole('heading', { name: 'Fine' })).toBeInTheDocument();
    expect(screen.queryByText('Something went wrong on this page')).not.toBeInTheDocument();
  });

  it('clears a crash once another address is open, and shows it again when the page crashes again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderRoutes(new Error('the crash'), '/fine');
    expect(screen.getByRole('heading', { name: 'Fine' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Broken page' }));
    expect(await screen.findByText('the crash')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Fine page' }));
    expect(await screen.findByRole('heading', { name: 'Fine' })).toBeInTheDocument();
    expect(screen.queryByText('the crash')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Broken page' }));
    expect(await screen.findByText('the crash')).toBeInTheDocument();
  });

  it('names the request ids of an API failure so support can find it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderRoutes(new ApiRequestError(502, 'upstream_unavailable', 'The upstream is not answering.', 'rw_abc', 'req_xyz', null));
    expect(screen.getByRole('heading', { name: 'Runwatch could not load this page' })).toBeInTheDocument();
    expect(screen.getByText('The upstream is not answering.')).toBeInTheDocument();
    expect(screen.getByText('Runwatch request rw_abc · upstream request req_xyz')).toBeInTheDocument();
  });

  it('asks for a reload when a page chunk of an older build cannot be downloaded', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Missing = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/run-page-OLD.js')));
    render(
      <MemoryRouter>
        <RouteBoundary fallback={<p>Loading…</p>}>
          <Missing />
        </RouteBoundary>
      </MemoryRouter>,
    );
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Runwatch was updated' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload page' })).toBeInTheDocument();
  });
});
