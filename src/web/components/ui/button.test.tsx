import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Button, buttonClasses } from './button';
import { Badge } from './badge';

describe('Button', () => {
  it('is a secondary medium button unless told otherwise', () => {
    render(<Button>Save</Button>);
    expect(screen.getByRole('button', { name: 'Save' })).toHaveClass('bg-surface', 'h-8', 'text-sm');
  });

  it('looks like its variant and size, with the caller having the last word', () => {
    render(
      <Button variant="danger" size="sm" className="px-4">
        Cancel run
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Cancel run' });
    expect(button).toHaveClass('bg-danger', 'h-7', 'text-xs', 'px-4');
    expect(button).not.toHaveClass('px-2.5');
  });

  it('gives links the same classes as buttons', () => {
    expect(buttonClasses('primary', 'lg').split(' ')).toEqual(expect.arrayContaining(['bg-accent', 'h-10', 'px-4']));
    expect(buttonClasses('ghost', 'sm', 'text-fg').split(' ')).not.toContain('text-fg-muted');
  });
});

describe('Badge', () => {
  it('pairs a tone with a size, and the caller can override either', () => {
    render(
      <>
        <Badge tone="success">Small</Badge>
        <Badge tone="danger" size="md" className="text-base">
          Big
        </Badge>
      </>,
    );
    expect(screen.getByText('Small')).toHaveClass('bg-emerald-50', 'text-xs', 'px-2');
    const big = screen.getByText('Big');
    expect(big).toHaveClass('bg-red-50', 'px-2.5', 'text-base');
    expect(big).not.toHaveClass('text-sm');
  });
});
