import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorPanel } from './error-panel';

describe('ErrorPanel', () => {
  it('shows each error with its type, code, field, group, explanation and next step', () => {
    render(
      <ErrorPanel
        runFailed
        upstreamRequestId="req_c09b7d5a14"
        errors={[
          { type: 'request', code: 'input_missing', message: 'statement_month is required', field: 'statement_month' },
          { type: 'source', code: 'source_not_available', message: 'Site down', field: null },
        ]}
      />,
    );
    const region = screen.getByRole('region', { name: 'What went wrong (2 errors)' });
    const items = within(region).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('data-error-group', 'request');
    expect(within(items[0]!).getByText('request · input_missing')).toBeInTheDocument();
    expect(within(items[0]!).getByText('statement_month', { selector: 'code' })).toBeInTheDocument();
    expect(within(items[0]!).getByText('Request error')).toBeInTheDocument();
    expect(within(items[0]!).getByText(/Start the run again with the named field/)).toBeInTheDocument();
    expect(within(items[1]!).getByText('Website error')).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Copy upstream request id' })).toBeInTheDocument();
    expect(within(region).getByText('req_c09b7d5a14')).toBeInTheDocument();
  });

  it('explains an unknown code by its type, and an unknown type generically', () => {
    render(
      <ErrorPanel
        runFailed
        upstreamRequestId={null}
        errors={[
          { type: 'storage', code: 'brand_new_code', message: '', field: null },
          { type: 'martian', code: 'weird', message: 'Something odd', field: null },
        ]}
      />,
    );
    expect(screen.getByText(/capturing or reading a file failed/i)).toBeInTheDocument();
    expect(screen.getByText('Unclassified error')).toBeInTheDocument();
    expect(screen.getByText(/not in Runwatch’s catalogue/)).toBeInTheDocument();
  });

  it('renders hostile upstream messages as text', () => {
    const { container } = render(
      <ErrorPanel
        runFailed
        upstreamRequestId={null}
        errors={[{ type: 'source', code: 'source_error', message: '<img src=x onerror="alert(1)"><script>alert(1)</script>', field: '<b>x</b>' }]}
      />,
    );
    expect(screen.getByText(/<img src=x onerror="alert\(1\)"><script>alert\(1\)<\/script>/)).toBeInTheDocument();
    expect(container.querySelector('img, script, b')).toBeNull();
  });

  it('renders nothing without errors', () => {
    const { container } = render(<ErrorPanel runFailed={false} upstreamRequestId={null} errors={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
