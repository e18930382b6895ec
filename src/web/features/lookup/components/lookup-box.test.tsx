import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubFetch } from '../../../lib/testing/render-route';
import { LookupBox } from './lookup-box';

describe('LookupBox', () => {
  it('opens a run directly from a pasted run id', async () => {
    const fetchMock = stubFetch(() => ({ body: {} }));
    renderRoute(<LookupBox />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Run or request ID' }), 'see https://x.test/runs/trun_abc123{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_abc123'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends a request id to the lookup page to be resolved', async () => {
    renderRoute(<LookupBox />);
    await userEvent.type(screen.getByRole('searchbox'), 'req_77xy{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=req_77xy'));
  });

  it('explains the accepted formats inline for anything else and stays put', async () => {
    const fetchMock = stubFetch(() => ({ body: {} }));
    renderRoute(<LookupBox />);
    const input = screen.getByRole('searchbox');
    await userEvent.type(input, 'order 12345{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent(/run ID \(trun_…\)/);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('focuses on "/" from anywhere on the page', async () => {
    renderRoute(<LookupBox />);
    await userEvent.keyboard('/');
    expect(screen.getByRole('searchbox')).toHaveFocus();
  });
});
