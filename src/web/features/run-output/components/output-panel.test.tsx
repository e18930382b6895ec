import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OutputPanel } from './output-panel';

function bigOutput(rows: number) {
  return {
    account: 'checking',
    transactions: Array.from({ length: rows }, (_, i) => ({ id: `txn_${i}`, amount: i * 1.5, note: 'Card purchase at Grocery Mart' })),
  };
}

describe('OutputPanel', () => {
  it('renders a small output open, with typed values', () => {
    render(<OutputPanel runId="trun_1" active={false} output={{ amount_due: 84.17, currency: 'USD', paid: false, memo: null }} />);
    const tree = screen.getByRole('list', { name: 'Run output' });
    expect(within(tree).getByText('84.17')).toBeInTheDocument();
    expect(within(tree).getByText('"USD"')).toBeInTheDocument();
    expect(within(tree).getByText('false')).toBeInTheDocument();
    expect(within(tree).getByText('null')).toBeInTheDocument();
  });

  it('renders only expanded nodes and caps children per node with "show more"', async () => {
    const output = bigOutput(34_000);
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={output} />);
    // transactions is collapsed: none of its 34,000 rows is in the DOM.
    expect(screen.getByText('[34,000 items]')).toBeInTheDocument();
    expect(container.querySelectorAll('li').length).toBeLessThan(10);

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /transactions/ }));
    expect(container.querySelectorAll('li[data-path]').length).toBeLessThan(110);
    await user.click(screen.getByRole('button', { name: /Show 100 more \(33,900 hidden\)/ }));
    expect(container.querySelectorAll('li[data-path]').length).toBeLessThan(210);
    expect(screen.getByRole('button', { name: /Show 100 more \(33,800 hidden\)/ })).toBeInTheDocument();
    // jsdom mounting thousands of rows needs more than the default budget on a busy machine.
  }, 20_000);

  it('expands everything it can within a node budget and says when it stopped early', async () => {
    // 200 rows of 50 cells: opening all visible rows would mount 100 × 50 cells, past the budget.
    const grid = Array.from({ length: 200 }, (_, row) => Array.from({ length: 50 }, (_, cell) => row * 50 + cell));
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={grid} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Expand all' }));
    const rows = container.querySelectorAll('li[data-path]').length;
    expect(rows).toBeGreaterThan(100);
    expect(rows).toBeLessThanOrEqual(2_000);
    expect(screen.getByText(/only the first levels were opened/)).toBeInTheDocument();
  }, 20_000);

  it('copies the selected node’s path and value', async () => {
    const writeText = vi.fn(async () => undefined);
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<OutputPanel runId="trun_1" active={false} output={{ accounts: [{ 'due date': '2026-03-18', balance: 12 }] }} />);
    await user.click(screen.getByRole('button', { name: /^0/ }));
    await user.click(screen.getByRole('button', { name: /due date/ }));
    expect(screen.getByTestId('json-selected-path')).toHaveTextContent('output.accounts[0]["due date"]');
    await user.click(screen.getByRole('button', { name: 'Copy path' }));
    expect(writeText).toHaveBeenLastCalledWith('output.accounts[0]["due date"]');
    await user.click(screen.getByRole('button', { name: 'Copy value' }));
    expect(writeText).toHaveBeenLastCalledWith('2026-03-18');
    await user.click(screen.getByRole('button', { name: /^0/ }));
    await user.click(screen.getByRole('button', { name: 'Copy value' }));
    expect(writeText).toHaveBeenLastCalledWith(JSON.stringify({ 'due date': '2026-03-18', balance: 12 }, null, 2));
  });

  it('downloads the output as a .json file', async () => {
    const createObjectURL = vi.fn(() => 'blob:output');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<OutputPanel runId="trun_9" active={false} output={{ a: 1 }} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download .json' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('trun_9-output.json');
  });

  it('shows an enc_ output as encrypted, not as an error', () => {
    render(<OutputPanel runId="trun_1" active={false} output="enc_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" />);
    expect(screen.getByText('Encrypted output')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy encrypted output' })).toBeInTheDocument();
  });

  it('says honestly when there is no output (yet)', () => {
    const { rerender } = render(<OutputPanel runId="trun_1" active output={null} />);
    expect(screen.getByText(/No output yet/)).toBeInTheDocument();
    rerender(<OutputPanel runId="trun_1" active={false} output={null} />);
    expect(screen.getByText('This run produced no output.')).toBeInTheDocument();
  });

  it('shows hostile keys and values as text', () => {
    const output = JSON.parse('{"<script>key</script>":"<img src=x onerror=alert(1)>","__proto__":{"polluted":true}}') as unknown;
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={output} />);
    expect(screen.getByText('<script>key</script>')).toBeInTheDocument();
    expect(screen.getByText('"<img src=x onerror=alert(1)>"')).toBeInTheDocument();
    expect(screen.getByText('__proto__')).toBeInTheDocument();
    expect(container.querySelector('img, script')).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
