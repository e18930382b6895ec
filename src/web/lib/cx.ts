import { clsx, type ClassValue } from 'clsx';

/**
 * Joins class names, skipping falsy entries, without merging: for classes that never override one
 * another (state-dependent alternatives, additions to a base that sets none of them). It costs
 * nothing to load; `cn` (./cn.ts) brings tailwind-merge's tables, so every first view uses this one
 * and `cn` stays with the pages whose callers override a component's base classes.
 */
export function cx(...parts: ClassValue[]): string {
  return clsx(parts);
}
