import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CopyButton } from './copy-button';

describe('CopyButton', () => {
  it('copies the value and announces it politely', async () => {
    const user = userEvent.setup();
    render(<CopyButton value="trun_abc123" label="Copy run ID" />);
    await user.click(screen.getByRole('button', { name: 'Copy run ID' }));
    expect(await navigator.clipboard.readText()).toBe('trun_abc123');
    expect(screen.getByRole('status')).toHaveTextContent('Copied');
  });
});
