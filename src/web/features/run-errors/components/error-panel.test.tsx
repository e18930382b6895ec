import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorPanel } from './error-panel';

describe('ErrorPanel', () => {
  it('shows each error with its type, code, field, group, explanation and next step', () => {
    render(
      <ErrorPanel
        runFailed
        runId="trun_7Wq3Dz9Kp6"
        readRequestId="req_c09b7d5a14"
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
    // Support quotes the run id, which never changes; the read's request id is named as what it is.
    const ids = within(region).getByTestId('support-ids');
    expect(ids).toHaveTextContent('Quote the run id trun_7Wq3Dz9Kp6');
    expect(within(ids).getByRole('button', { name: 'Copy run id for support' })).toBeInTheDocument();
    expect(ids).toHaveTextContent('This copy was read by upstream request req_c09b7d5a14');
    expect(ids).not.toHaveTextContent(/exactly this response/);
  });

  it('explains an unknown code by its type, and an unknown type generically', () => {
    render(
      <ErrorPanel
        runFailed
        runId="trun_7Wq3Dz9Kp6"
        readRequestId={null}
        errors={[
          { type: 'storage', code: 'brand_new_code', message: '', field: null },
          { type: 'martian', code: 'weird', message: 'Something odd', field: null },
        ]}
      />,
    );
    expect(screen.getByText(/capturing or reading a file failed/i)).toBeInTheDocument();
    expect(screen.getByText('Unclassified error')).toBeInTheDocument();
    expect(screen.getAllByTestId('error-caveat').map((caveat) => caveat.textContent)).toEqual([
      'The code “brand_new_code” is not in Runwatch’s catalogue; explained by its type (storage).',
      'The code “weird” is not in Runwatch’s catalogue, and neither is the type “martian”.',
    ]);
  });

  it('renders hostile upstream messages as text', () => {
    const { container } = render(
      <ErrorPanel
        runFailed
        runId="trun_7Wq3Dz9Kp6"
        readRequestId={null}
        errors={[{ type: 'source', code: 'source_error', message: '<img src=x onerror="alert(1)"><script>alert(1)</script>', field: '<b>x</b>' }]}
      />,
    );
    expect(screen.getByText(/<img src=x onerror="alert\(1\)"><script>alert\(1\)<\/script>/)).toBeInTheDocument();
    expect(container.querySelector('img, script, b')).toBeNull();
  });

  it('renders nothing without errors', () => {
    const { container } = render(<ErrorPanel runFailed={false} runId="trun_7Wq3Dz9Kp6" readRequestId={null} errors={[]} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('shows error items whatever they carry: no code, no type, no message, extra fields', () => {
    render(
      <ErrorPanel
        runFailed
        runId="trun_7Wq3Dz9Kp6"
        readRequestId={null}
        errors={[
          { type: 'auth', code: null, message: 'Sign-in refused', field: null },
          { type: null, code: null, message: '', field: null, extra: { retry_hint: 'later', detail: { step: 3 } } },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem').filter((item) => item.hasAttribute('data-error-group'));
    expect(within(items[0]!).getByText('auth · no code given')).toBeInTheDocument();
    expect(within(items[0]!).getByTestId('error-caveat')).toHaveTextContent('The upstream gave no error code; explained by its type (auth).');
    expect(within(items[0]!).getByText(/signing in to the website failed/i)).toBeInTheDocument();

    expect(within(items[1]!).getByText('no type given · no code given')).toBeInTheDocument();
    expect(within(items[1]!).getByText('The upstream sent no message with this error.')).toBeInTheDocument();
    expect(within(items[1]!).getByTestId('error-caveat')).toHaveTextContent(/neither an error type nor a code/);
    const extra = within(items[1]!).getByTestId('error-extra');
    expect(extra).toHaveTextContent('retry_hint');
    expect(extra).toHaveTextContent('later');
    expect(extra).toHaveTextContent('{"step":3}');
  });
});
