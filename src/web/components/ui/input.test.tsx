import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Input, Select } from './input';

describe('Input', () => {
  it("takes the caller's size and height over the control's base ones", () => {
    render(<Input aria-label="Code" className="h-10 font-mono text-lg" />);
    const input = screen.getByRole('textbox', { name: 'Code' });
    expect(input).toHaveClass('text-lg', 'h-10', 'font-mono', 'rounded-control');
    expect(input).not.toHaveClass('text-sm');
    expect(input).not.toHaveClass('h-8');
  });

  it('keeps the base look when the caller adds nothing of the same kind', () => {
    render(<Input aria-label="Name" className="w-full" />);
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveClass('h-8', 'text-sm', 'px-2.5', 'w-full');
  });
});

describe('Select', () => {
  it('keeps room for the arrow on the right unless the caller sets the padding again', () => {
    const { rerender } = render(<Select aria-label="Status" />);
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveClass('px-2.5', 'pr-8');
    rerender(<Select aria-label="Status" className="px-1" />);
    const select = screen.getByRole('combobox', { name: 'Status' });
    expect(select).toHaveClass('px-1');
    expect(select).not.toHaveClass('px-2.5');
    expect(select).not.toHaveClass('pr-8');
  });
});
