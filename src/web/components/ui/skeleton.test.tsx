import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Skeleton } from './skeleton';

function skeletonOf(className?: string): HTMLElement {
  const { container } = render(<Skeleton className={className} />);
  return container.firstElementChild as HTMLElement;
}

describe('Skeleton', () => {
  it('is a block with small rounded corners unless told otherwise', () => {
    expect(skeletonOf('h-4 w-48')).toHaveClass('block', 'rounded-md', 'h-4', 'w-48');
  });

  it("takes the caller's corners and display instead of its own", () => {
    const card = skeletonOf('h-96 w-full rounded-card');
    expect(card).toHaveClass('rounded-card');
    expect(card).not.toHaveClass('rounded-md');
    const wideOnly = skeletonOf('hidden h-4 w-28 md:block');
    expect(wideOnly).toHaveClass('hidden', 'md:block');
    expect(wideOnly).not.toHaveClass('block');
  });
});
