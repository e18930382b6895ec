import { describe, expect, it } from 'vitest';
import { cx } from './cx';

describe('cx', () => {
  it('joins in order and skips falsy entries', () => {
    expect(cx('a', false, null, undefined, '', 'b')).toBe('a b');
    expect(cx({ 'font-mono': true, 'text-lg': false }, ['px-2', ['py-1']])).toBe('font-mono px-2 py-1');
  });

  it('keeps classes of the same kind side by side (no merging)', () => {
    expect(cx('text-sm', 'text-lg')).toBe('text-sm text-lg');
  });
});
