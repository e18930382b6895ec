import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FilesPanel } from './files-panel';
import { InputPanel } from './input-panel';

describe('InputPanel', () => {
  it('lists vaulted fields as vaulted, not missing', () => {
    render(<InputPanel runId="trun_1" input={{ statement_month: '2026-02' }} vaultedFields={['account_number', 'pin']} />);
    const vaulted = screen.getByTestId('vaulted-fields');
    expect(within(vaulted).getByText('account_number')).toBeInTheDocument();
    expect(within(vaulted).getByText('pin')).toBeInTheDocument();
    expect(vaulted).toHaveTextContent('Not missing');
    expect(screen.getByText('"2026-02"')).toBeInTheDocument();
  });

  it('shows enc_ input as encrypted', () => {
    render(<InputPanel runId="trun_1" input="enc_abcdefghijklmnopqrstuvwxyz0123456789" vaultedFields={undefined} />);
    expect(screen.getByText('Encrypted input')).toBeInTheDocument();
  });

  it('says when the input is not available', () => {
    render(<InputPanel runId="trun_1" input={undefined} vaultedFields={undefined} />);
    expect(screen.getByText(/not available/)).toBeInTheDocument();
  });

  it('says "none captured" when the input was requested but the upstream sent none', () => {
    render(<InputPanel runId="trun_1" input={null} vaultedFields={undefined} />);
    expect(screen.getByTestId('input-none')).toHaveTextContent('None captured');
  });
});

describe('FilesPanel', () => {
  const file = {
    id: 'stor_Wn4Cq8Tz2e',
    fileName: 'statement_feb_2026.pdf',
    fileType: 'application/pdf',
    fileSize: 182_934,
    createdAt: '2026-03-02T09:41:20Z',
    downloadUrl: '/api/runs/trun_1/files/stor_Wn4Cq8Tz2e',
    extraction: { amount_due: 84.17 },
  };

  it('lists name, type and size with a same-origin download link', () => {
    render(<FilesPanel runId="trun_1" files={[file]} />);
    expect(screen.getByText('statement_feb_2026.pdf', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getByText('application/pdf')).toBeInTheDocument();
    expect(screen.getByText(/179 KB/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Download/ })).toHaveAttribute('href', '/api/runs/trun_1/files/stor_Wn4Cq8Tz2e');
  });

  it('never links anywhere but Runwatch', () => {
    render(
      <FilesPanel
        runId="trun_1"
        files={[
          { ...file, id: 'stor_1', downloadUrl: 'javascript:alert(1)' },
          { ...file, id: 'stor_2', downloadUrl: '//evil.example/x' },
          { ...file, id: 'stor_3', downloadUrl: 'https://files.example.invalid/x' },
          { ...file, id: 'stor_4', downloadUrl: null },
        ]}
      />,
    );
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(screen.getAllByText('Not downloadable')).toHaveLength(4);
  });

  it('says when the run captured nothing', () => {
    render(<FilesPanel runId="trun_1" files={[]} />);
    expect(screen.getByTestId('files-none')).toHaveTextContent('None captured');
  });
});
