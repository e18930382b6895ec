import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './dialog';

function Harness({ onConfirm }: { onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Cancel run
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={onConfirm}
        title="Cancel this run?"
        description="The agent stops and the run ends as canceled."
        confirmLabel="Cancel run now"
        cancelLabel="Keep running"
        tone="danger"
      />
    </>
  );
}

describe('ConfirmDialog', () => {
  it('is labelled, focuses the safe choice, and returns focus on close', async () => {
    render(<Harness onConfirm={vi.fn()} />);
    const opener = screen.getByRole('button', { name: 'Cancel run' });
    await userEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Cancel this run?' });
    expect(dialog).toHaveAccessibleDescription('The agent stops and the run ends as canceled.');
    expect(screen.getByRole('button', { name: 'Keep running' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Keep running' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('closes on Escape', async () => {
    render(<Harness onConfirm={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    screen.getByRole('dialog').dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(await screen.findByRole('button', { name: 'Cancel run' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('confirms', async () => {
    const onConfirm = vi.fn();
    render(<Harness onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run now' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
