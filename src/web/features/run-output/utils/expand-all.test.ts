import { describe, expect, it } from 'vitest';
import { expandAll } from './expand-all';
import { formatJsonPath, pathKey } from './json-path';

describe('expandAll', () => {
  it('opens every container of a small value', () => {
    const result = expandAll({ a: { b: [1, { c: 2 }] }, d: 3 }, 100, 1000);
    expect(result.truncated).toBe(false);
    expect([...result.expanded].sort()).toEqual([pathKey([]), pathKey(['a']), pathKey(['a', 'b']), pathKey(['a', 'b', 1])].sort());
  });

  it('stops at the node budget and reports it', () => {
    const wide = Array.from({ length: 50 }, () => Array.from({ length: 50 }, (_, i) => i));
    const result = expandAll(wide, 100, 500);
    expect(result.truncated).toBe(true);
    expect(result.expanded.size).toBeLessThan(51);
  });
});

describe('formatJsonPath', () => {
  it('writes paths a developer can paste', () => {
    expect(formatJsonPath('output', ['accounts', 0, 'due date', 'x1'])).toBe('output.accounts[0]["due date"].x1');
    expect(formatJsonPath('output', [])).toBe('output');
  });
});
