import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, requestedUrls, stubFetch } from '../../../lib/testing/render-route';
import { LookupPanel } from './lookup-panel';

const notFound = {
  status: 404,
  body: { error: { code: 'not_found', message: 'unknown request id', requestId: 'rw_1', upstreamRequestId: null } },
};

describe('LookupPanel', () => {
  it('resolves a request id through the API and opens its run', async () => {
    const fetchMock = stubFetch((url) => (url.pathname === '/api/lookup/request/req_abc' ? { body: { runId: 'trun_found1' } } : notFound));
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_abc' });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_found1'));
    expect(requestedUrls(fetchMock).map((u) => u.pathname)).toEqual(['/api/lookup/request/req_abc']);
  });

  it('says clearly when no run is known for a request id', async () => {
    stubFetch(() => notFound);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_missing' });
    expect(await screen.findByText('No run known for this request ID')).toBeInTheDocument();
    expect(screen.getByText(/only knows request IDs it has observed/)).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=req_missing');
  });

  it('opens a run id without asking the API', async () => {
    const fetchMock = stubFetch(() => notFound);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=trun_direct9' });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_direct9'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rejects other text with the accepted formats and makes no request', async () => {
    const fetchMock = stubFetch(() => notFound);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup' });
    await userEvent.type(screen.getByRole('textbox'), 'sk_live_secret{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/No run ID or request ID found/);
    expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=sk_live_secret');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a retryable error when the lookup itself fails', async () => {
    stubFetch(() => ({ status: 500, body: { error: { code: 'internal', message: 'Runwatch had a problem.', requestId: 'rw_2', upstreamRequestId: null } } }));
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_boom' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Runwatch had a problem.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
