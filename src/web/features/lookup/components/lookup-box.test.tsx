import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubFetch } from '@/web/lib/testing/render-route';
import { LookupBox } from './lookup-box';

describe('LookupBox', () => {
  it('sends only the ids of a pasted link on to the lookup page', async () => {
    const fetchMock = stubFetch(() => ({ body: {} }));
    renderRoute(<LookupBox />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Run or request ID' }), 'see https://x.test/runs/trun_abc123?sig=s3cret{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=trun_abc123'));
    expect(screen.getByTestId('location')).not.toHaveTextContent('s3cret');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('keeps the ids of a pasted multi-line list apart', async () => {
    renderRoute(<LookupBox />);
    const box = screen.getByRole('searchbox');
    box.focus();
    fireEvent.paste(box, { clipboardData: { getData: () => 'req_77xy\ntask_9z\r\nsrc_1a' } });
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=req_77xy+task_9z+src_1a'));
  });

  it('explains the accepted formats inline for anything else and stays put', async () => {
    const fetchMock = stubFetch(() => ({ body: {} }));
    renderRoute(<LookupBox />);
    const input = screen.getByRole('searchbox');
    await userEvent.type(input, 'order 12345{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/run ID \(trun_…\)/);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('Ctrl+K opens the lookup page when no lookup box is on screen', async () => {
    renderRoute(<LookupBox />);
    await userEvent.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/lookup$/));
  });

  it('ignores K without a modifier', async () => {
    renderRoute(<LookupBox />);
    await userEvent.keyboard('k');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
  });
});
