import { describe, expect, it } from 'vitest';
import { buildJsonSearchIndex, indexedNodeCount, searchJsonIndex } from './json-search-index';
import { hasMoreNodesThan } from './json-search-engine';

describe('buildJsonSearchIndex / searchJsonIndex', () => {
  const value = {
    account: 'Checking',
    transactions: [
      { id: 'txn_1', note: 'Card purchase at Grocery Mart', amount: 12.5 },
      { id: 'txn_2', note: 'Transfer to savings', amount: -40 },
    ],
    flags: { overdraft: false, closedAt: null },
  };

  it('indexes every node, containers and leaves', () => {
    // root, account, transactions, 2 × (row + 3 fields), flags, overdraft, closedAt
    expect(indexedNodeCount(buildJsonSearchIndex(value))).toBe(1 + 1 + 1 + 2 * 4 + 1 + 2);
  });

  it('finds keys and values case-insensitively, in document order, with paths to reveal them', () => {
    const index = buildJsonSearchIndex(value);
    const byValue = searchJsonIndex(index, 'GROCERY', 10);
    expect(byValue).toEqual({ query: 'GROCERY', total: 1, matches: [{ path: ['transactions', 0, 'note'], preview: '"Card purchase at Grocery Mart"' }] });

    const byKey = searchJsonIndex(index, 'amount', 10);
    expect(byKey.matches.map((match) => match.path)).toEqual([
      ['transactions', 0, 'amount'],
      ['transactions', 1, 'amount'],
    ]);
    expect(byKey.matches.map((match) => match.preview)).toEqual(['12.5', '-40']);

    expect(searchJsonIndex(index, 'flags', 10).matches).toEqual([{ path: ['flags'], preview: '{…}' }]);
    expect(searchJsonIndex(index, 'transactions', 10).matches).toEqual([{ path: ['transactions'], preview: '[…]' }]);
    expect(searchJsonIndex(index, 'null', 10).matches).toEqual([{ path: ['flags', 'closedAt'], preview: 'null' }]);
  });

  it('counts every match but lists only up to the limit', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ id: `txn_${i}` }));
    const result = searchJsonIndex(buildJsonSearchIndex({ rows }), 'txn_', 25);
    expect(result.total).toBe(1_000);
    expect(result.matches).toHaveLength(25);
    expect(result.matches[24]!.path).toEqual(['rows', 24, 'id']);
  });

  it('does not match across a key and its value, and ignores blank queries', () => {
    const index = buildJsonSearchIndex({ ab: 'cd' });
    expect(searchJsonIndex(index, 'bc', 10).total).toBe(0);
    expect(searchJsonIndex(index, '   ', 10)).toEqual({ query: '   ', total: 0, matches: [] });
  });

  it('shortens long values in previews', () => {
    const result = searchJsonIndex(buildJsonSearchIndex({ text: `needle ${'x'.repeat(500)}` }), 'needle', 1);
    expect(result.matches[0]!.preview.length).toBeLessThanOrEqual(81);
    expect(result.matches[0]!.preview.endsWith('…')).toBe(true);
  });

  it('indexes hostile keys as text and survives nesting deeper than the call stack', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":"<script>"}}') as unknown;
    expect(searchJsonIndex(buildJsonSearchIndex(hostile), 'script', 5).matches).toEqual([{ path: ['__proto__', 'polluted'], preview: '"<script>"' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    let deep: unknown = { bottom: 'found me' };
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    const result = searchJsonIndex(buildJsonSearchIndex(deep), 'found', 1);
    expect(result.total).toBe(1);
    expect(result.matches[0]!.path).toHaveLength(50_001);
  });

  it('indexes a primitive root', () => {
    expect(searchJsonIndex(buildJsonSearchIndex('just text'), 'text', 5).matches).toEqual([{ path: [], preview: '"just text"' }]);
  });
});

describe('hasMoreNodesThan', () => {
  it('tells large values from small ones without walking all of a large one', () => {
    expect(hasMoreNodesThan({ a: [1, 2, 3] }, 10)).toBe(false);
    expect(hasMoreNodesThan({ a: [1, 2, 3], b: { c: [4, 5, 6, 7, 8, 9] } }, 10)).toBe(true);
    expect(
      hasMoreNodesThan(
        Array.from({ length: 1_000_000 }, () => ({})),
        20_000,
      ),
    ).toBe(true);
  });
});
