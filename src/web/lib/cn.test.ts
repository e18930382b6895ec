import { describe, expect, it } from 'vitest';
import { cn } from './cn';

describe('cn', () => {
  it("lets the caller's class win over the base class of the same kind", () => {
    expect(cn('text-sm text-fg', 'text-lg')).toBe('text-fg text-lg');
    expect(cn('h-8 px-4 py-1', 'px-2')).toBe('h-8 py-1 px-2');
  });

  it('keeps classes of different kinds side by side', () => {
    expect(cn('text-sm', 'text-fg-muted', 'font-mono')).toBe('text-sm text-fg-muted font-mono');
    expect(cn('px-2.5', 'pr-8')).toBe('px-2.5 pr-8');
  });

  it('merges only within the same variant', () => {
    expect(cn('text-sm dark:text-sm', 'text-lg')).toBe('dark:text-sm text-lg');
    expect(cn('bg-surface hover:bg-surface-hover', 'hover:bg-accent')).toBe('bg-surface hover:bg-accent');
  });

  it("knows the console's own radius, shadow and animation tokens", () => {
    expect(cn('rounded-control', 'rounded-full')).toBe('rounded-full');
    expect(cn('rounded-card shadow-card', 'rounded-none shadow-pop')).toBe('rounded-none shadow-pop');
    expect(cn('shadow-sm', 'shadow-card')).toBe('shadow-card');
    expect(cn('animate-live-pulse', 'animate-none')).toBe('animate-none');
  });

  it('skips falsy entries and accepts conditional objects and arrays', () => {
    expect(cn('a', false, null, undefined, '', 'b')).toBe('a b');
    expect(cn({ 'font-mono': true, 'text-lg': false }, ['px-2', ['py-1']])).toBe('font-mono px-2 py-1');
  });
});
