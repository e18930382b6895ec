import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ResultBadge } from './result-badge';

describe('ResultBadge', () => {
  it('says a canceled run has no result, not "no result yet"', () => {
    render(<ResultBadge result={null} status="canceled" />);
    expect(screen.getByText('No result — canceled')).toBeInTheDocument();
    expect(screen.queryByText(/yet/)).not.toBeInTheDocument();
  });

  it('says "no result yet" while the run can still produce one, or its status is unknown', () => {
    const { rerender } = render(<ResultBadge result={null} status="running" />);
    expect(screen.getByText('No result yet')).toBeInTheDocument();
    rerender(<ResultBadge result={null} status={null} />);
    expect(screen.getByText('No result yet')).toBeInTheDocument();
  });

  it('keeps the words for screen readers when compact', () => {
    render(<ResultBadge result={null} status="completed" compact />);
    expect(screen.getByText('No result')).toHaveClass('sr-only');
  });

  it('shows a result as a badge', () => {
    render(<ResultBadge result="failure" status="failed" />);
    expect(screen.getByText('Failure').closest('[data-result]')).toHaveAttribute('data-result', 'failure');
  });
});
