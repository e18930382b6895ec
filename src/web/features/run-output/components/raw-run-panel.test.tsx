import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { requestedUrls, stubFetch } from '@/web/lib/testing/render-route';
import { RawRunPanel } from './raw-run-panel';

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RawRunPanel runId="trun_raw1" />
    </QueryClientProvider>,
  );
}

describe('RawRunPanel', () => {
  it('loads the upstream JSON only when asked, and shows fields Runwatch does not know', async () => {
    const fetchMock = stubFetch(() => ({
      body: {
        runId: 'trun_raw1',
        raw: { id: 'trun_raw1', status: 'paused_for_audit', surprise_field: { nested: true } },
        fetchedAt: '2026-03-02T10:00:00Z',
      },
    }));
    renderPanel();
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show raw JSON' }));
    expect(await screen.findByTestId('raw-json')).toBeInTheDocument();
    expect(requestedUrls(fetchMock).map((url) => url.pathname)).toEqual(['/api/runs/trun_raw1/raw']);
    expect(screen.getByText('surprise_field')).toBeInTheDocument();
    expect(screen.getByText('"paused_for_audit"')).toBeInTheDocument();
  });

  it('says when it could not be loaded and offers to try again', async () => {
    stubFetch(() => ({
      status: 502,
      body: { error: { code: 'upstream_unreachable', message: 'The upstream could not be reached.', requestId: 'rw_1', upstreamRequestId: null } },
    }));
    renderPanel();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show raw JSON' }));
    expect(await screen.findByText('The raw JSON could not be loaded')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
