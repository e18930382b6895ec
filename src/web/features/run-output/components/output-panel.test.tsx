import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OutputPanel } from './output-panel';

function bigOutput(rows: number) {
  return {
    account: 'checking',
    transactions: Array.from({ length: rows }, (_, i) => ({ id: `txn_${i}`, amount: i * 1.5, note: 'Card purchase at Grocery Mart' })),
  };
}

/** jsdom lays nothing out, so the test moves the tree's viewport as a scroll would. */
function scrollTreeTo(container: HTMLElement, top: number) {
  const viewport = container.querySelector<HTMLElement>('[data-testid="json-tree-viewport"]')!;
  viewport.scrollTop = top;
  fireEvent.scroll(viewport);
}

describe('OutputPanel', () => {
  it('fetches an output the run response left out instead of saying there is none, and explains when it cannot', async () => {
    // jsdom has no Worker: the panel must say the output could not be read, never "no output".
    render(<OutputPanel runId="trun_1" active={false} output={null} omitted={{ bytes: 5_200_000 }} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The output could not be loaded');
    expect(alert).toHaveTextContent('could not start the output reader');
    expect(screen.queryByText('This run produced no output.')).not.toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('renders a small output open, with typed values', () => {
    render(<OutputPanel runId="trun_1" active={false} output={{ amount_due: 84.17, currency: 'USD', paid: false, memo: null }} />);
    const tree = screen.getByRole('list', { name: 'Run output' });
    expect(within(tree).getByText('84.17')).toBeInTheDocument();
    expect(within(tree).getByText('"USD"')).toBeInTheDocument();
    expect(within(tree).getByText('false')).toBeInTheDocument();
    expect(within(tree).getByText('null')).toBeInTheDocument();
  });

  it('draws only the rows in view, and caps children per node with "show more"', async () => {
    const output = bigOutput(34_000);
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={output} />);
    const tree = screen.getByRole('list', { name: 'Run output' });
    // transactions is collapsed: none of its 34,000 rows exists, even as a row to draw.
    expect(screen.getByText('[34,000 items]')).toBeInTheDocument();
    expect(tree).toHaveAttribute('data-row-count', '3');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /transactions/ }));
    // 3 rows, 100 children and a "show more" line exist; only a window of them is in the DOM.
    expect(tree).toHaveAttribute('data-row-count', '104');
    const drawn = container.querySelectorAll('li[data-path]').length;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(60);
    const lastChild = '["transactions",99]';
    expect(container.querySelector(`li[data-path='${lastChild}']`)).toBeNull();

    scrollTreeTo(container, 104 * 24);
    await waitFor(() => expect(container.querySelector(`li[data-path='${lastChild}']`)).not.toBeNull());
    expect(container.querySelector('li[data-path=\'["transactions",0]\']')).toBeNull();
    await user.click(screen.getByRole('button', { name: /Show 100 more \(33,900 hidden\)/ }));
    expect(tree).toHaveAttribute('data-row-count', '204');
    scrollTreeTo(container, 204 * 24);
    expect(await screen.findByRole('button', { name: /Show 100 more \(33,800 hidden\)/ })).toBeInTheDocument();
    expect(container.querySelectorAll('li[data-path]').length).toBeLessThan(60);
  }, 20_000);

  it('expands everything it can within a node budget and says when it stopped early', async () => {
    // 200 rows of 50 cells: opening all visible rows would show 100 × 50 cells, past the budget.
    const grid = Array.from({ length: 200 }, (_, row) => Array.from({ length: 50 }, (_, cell) => row * 50 + cell));
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={grid} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Expand all' }));
    const rows = Number(screen.getByRole('list', { name: 'Run output' }).getAttribute('data-row-count'));
    expect(rows).toBeGreaterThan(100);
    expect(rows).toBeLessThanOrEqual(2_000);
    expect(container.querySelectorAll('li[data-path]').length).toBeLessThan(60);
    expect(screen.getByText(/only the first levels were opened/)).toBeInTheDocument();
  }, 20_000);

  it('finds a value deep in a long list and opens the tree at it', async () => {
    const user = userEvent.setup();
    const { container } = render(<OutputPanel runId="trun_1" active={false} output={bigOutput(5_000)} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search the output' }), 'txn_4321{Enter}');
    expect(await screen.findByTestId('json-search-summary')).toHaveTextContent('1 match for “txn_4321”');
    const matches = screen.getByRole('list', { name: 'Search matches' });
    await user.click(within(matches).getByRole('button', { name: /output\.transactions\[4321\]\.id/ }));
    expect(screen.getByTestId('json-selected-path')).toHaveTextContent('output.transactions[4321].id');
    // The list opened far enough to show row 4321, scrolled to it, and drew it.
    const row = container.querySelector('li[data-path=\'["transactions",4321,"id"]\']');
    expect(row).not.toBeNull();
    expect(row).toHaveTextContent('"txn_4321"');
    expect(container.querySelectorAll('li[data-path]').length).toBeLessThan(60);
  }, 20_000);

  it('counts every match, lists the first ones, and says when nothing matches', async () => {
    const user = userEvent.setup();
    render(<OutputPanel runId="trun_1" active={false} output={bigOutput(300)} />);
    const box = screen.getByRole('searchbox', { name: 'Search the output' });
    await user.type(box, 'grocery{Enter}');
    expect(await screen.findByTestId('json-search-summary')).toHaveTextContent('300 matches for “grocery” — the first 50 are listed');
    expect(within(screen.getByRole('list', { name: 'Search matches' })).getAllByRole('button')).toHaveLength(50);
    await user.clear(box);
    await user.type(box, 'no such text{Enter}');
    expect(await screen.findByText('No key or value contains “no such text”.')).toBeInTheDocument();
  });

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
