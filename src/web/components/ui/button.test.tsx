import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Button, buttonClasses } from './button';
import { Badge } from './badge';

describe('Button', () => {
  it('is a secondary medium button unless told otherwise', () => {
    render(<Button>Save</Button>);
    expect(screen.getByRole('button', { name: 'Save' })).toHaveClass('bg-surface', 'h-8', 'text-sm');
  });

  it("looks like its variant and size; the caller's classes add layout to it", () => {
    render(
      <Button variant="danger" size="sm" className="w-full">
        Cancel run
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Cancel run' });
    expect(button).toHaveClass('bg-danger', 'h-7', 'text-xs', 'px-2.5', 'rounded-control', 'w-full');
  });

  it('is a pill only when asked, with no square corners left beside the round ones', () => {
    render(<Button pill>Chip</Button>);
    const chip = screen.getByRole('button', { name: 'Chip' });
    expect(chip).toHaveClass('rounded-full');
    expect(chip).not.toHaveClass('rounded-control');
  });

  it('gives links the same classes as buttons', () => {
    expect(buttonClasses('primary', 'lg').split(' ')).toEqual(expect.arrayContaining(['bg-accent', 'h-10', 'px-4']));
  });

  it('marks the open page or panel with its own ghost variant, whose text colour is the only one', () => {
    const current = buttonClasses('ghost-current', 'sm').split(' ');
    expect(current).toEqual(expect.arrayContaining(['bg-surface-muted', 'text-fg', 'ring-1']));
    expect(current).not.toContain('text-fg-muted');
    const accent = buttonClasses('ghost-accent', 'icon').split(' ');
    expect(accent).toContain('text-accent-text');
    expect(accent).not.toContain('text-fg-muted');
  });
});

describe('Badge', () => {
  it("pairs a tone with a size; the caller's classes add to it", () => {
    render(
      <>
        <Badge tone="success">Small</Badge>
        <Badge tone="danger" size="md" className="shrink-0">
          Big
        </Badge>
      </>,
    );
    expect(screen.getByText('Small')).toHaveClass('bg-emerald-50', 'text-xs', 'px-2', 'ring-1');
    const big = screen.getByText('Big');
    expect(big).toHaveClass('bg-red-50', 'px-2.5', 'text-sm', 'shrink-0');
    expect(big).not.toHaveClass('text-xs');
  });
});
