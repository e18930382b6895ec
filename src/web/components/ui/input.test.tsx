import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Input, Select } from './input';

describe('Input', () => {
  it('is taller with a larger text at the large control size, with no base height or size left beside them', () => {
    render(<Input aria-label="Code" controlSize="lg" className="font-mono" />);
    const input = screen.getByRole('textbox', { name: 'Code' });
    expect(input).toHaveClass('text-[15px]', 'h-10', 'font-mono', 'rounded-control');
    expect(input).not.toHaveClass('text-sm');
    expect(input).not.toHaveClass('h-8');
  });

  it('keeps the base look when the caller adds nothing of the same kind', () => {
    render(<Input aria-label="Name" className="w-full" />);
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveClass('h-8', 'text-sm', 'px-2.5', 'w-full');
  });
});

describe('Select', () => {
  it("keeps room for the arrow on the right, and takes the caller's width", () => {
    render(<Select aria-label="Status" className="w-full sm:w-48" />);
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveClass('h-8', 'px-2.5', 'pr-8', 'w-full', 'sm:w-48');
  });
});
