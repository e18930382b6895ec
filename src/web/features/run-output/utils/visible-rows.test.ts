import { describe, expect, it } from 'vitest';
import { pathKey } from './json-path';
import { allRows, revealPlan, treeRows } from './visible-rows';

const value = { name: 'x', list: Array.from({ length: 250 }, (_, i) => ({ i })), empty: {} };

describe('treeRows', () => {
  it('lists only the root and its open children, in order', () => {
    const rows = allRows(treeRows(value, 'output', new Set([pathKey([])]), new Map(), 100));
    expect(rows.map((row) => (row.kind === 'node' ? row.key : `more ${row.key}`))).toEqual([
      pathKey([]),
      pathKey(['name']),
      pathKey(['list']),
      pathKey(['empty']),
    ]);
    expect(rows[2]).toMatchObject({ kind: 'node', name: 'list', count: 250, open: false, depth: 1 });
  });

  it('shows a page of children of an open container, then a "show more" row counting the rest', () => {
    const expanded = new Set([pathKey([]), pathKey(['list']), pathKey(['list', 1])]);
    const rows = allRows(treeRows(value, 'output', expanded, new Map(), 100));
    // root, name, list, 100 items, the open item's child, "more", empty
    expect(rows).toHaveLength(1 + 1 + 1 + 100 + 1 + 1 + 1);
    expect(rows[4]).toMatchObject({ kind: 'node', path: ['list', 1], open: true });
    expect(rows[5]).toMatchObject({ kind: 'node', path: ['list', 1, 'i'], value: 1, depth: 3 });
    expect(rows[rows.length - 2]).toEqual({ kind: 'more', key: pathKey(['list']), depth: 2, hidden: 150 });
    const more = allRows(treeRows(value, 'output', expanded, new Map([[pathKey(['list']), 300]]), 100));
    expect(more.some((row) => row.kind === 'more')).toBe(false);
  });
});

describe('revealPlan', () => {
  it('opens every ancestor and raises page limits past the target', () => {
    const plan = revealPlan(value, ['list', 234, 'i'], new Map(), 100);
    expect(plan?.expand).toEqual([pathKey([]), pathKey(['list']), pathKey(['list', 234])]);
    expect(plan?.limits.get(pathKey(['list']))).toBe(300);
    const rows = allRows(treeRows(value, 'output', new Set(plan!.expand), plan!.limits, 100));
    expect(rows.some((row) => row.kind === 'node' && row.key === pathKey(['list', 234, 'i']))).toBe(true);
  });

  it('finds a key beyond the first page of a wide object', () => {
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    expect(revealPlan(wide, ['k120'], new Map(), 100)?.limits.get(pathKey([]))).toBe(200);
  });

  it('says when the path is not in the value', () => {
    expect(revealPlan(value, ['list', 999], new Map(), 100)).toBeNull();
    expect(revealPlan(value, ['missing'], new Map(), 100)).toBeNull();
    expect(revealPlan(value, ['name', 'deeper'], new Map(), 100)).toBeNull();
  });
});

describe('treeRows keys', () => {
  it('gives every row the key pathKey gives its path, for any key text', () => {
    const tricky = { 'a"b': { 'x,y]': [{ '': 1, '\\': 2 }] }, ünï: [true] };
    const expanded = new Set([pathKey([]), pathKey(['a"b']), pathKey(['a"b', 'x,y]']), pathKey(['a"b', 'x,y]', 0]), pathKey(['ünï'])]);
    const rows = allRows(treeRows(tricky, 'output', expanded, new Map(), 100));
    const nodes = rows.filter((row) => row.kind === 'node');
    expect(nodes).toHaveLength(8);
    for (const row of nodes) expect(row.key).toBe(pathKey(row.path));
  });
});

describe('treeRows over a long array', () => {
  const transactions = Array.from({ length: 34_000 }, (_, i) => ({ id: `txn_${i}`, amount: i }));
  const root = { account: { name: 'a', tags: ['x'] }, transactions };

  it('reads any row by position, open ones and their closed siblings alike, with the key its path gives', () => {
    const plan = revealPlan(root, ['transactions', 33_999, 'id'], new Map(), 100)!;
    const rows = treeRows(root, 'output', new Set([...plan.expand, pathKey(['account'])]), plan.limits, 100);
    // root, account (open) with its 2 children, transactions, 33,999 closed items, the open one and its 2 children
    expect(rows.length).toBe(1 + 1 + 2 + 1 + 33_999 + 1 + 2);
    expect(rows.at(2)).toMatchObject({ kind: 'node', path: ['account', 'name'], value: 'a', depth: 2 });
    expect(rows.at(5)).toMatchObject({ kind: 'node', path: ['transactions', 0], open: false, count: 2, depth: 2 });
    expect(rows.at(5 + 20_000)).toMatchObject({ kind: 'node', path: ['transactions', 20_000], value: transactions[20_000] });
    expect(rows.at(5 + 33_999)).toMatchObject({ kind: 'node', path: ['transactions', 33_999], open: true });
    expect(rows.at(rows.length - 2)).toMatchObject({ kind: 'node', path: ['transactions', 33_999, 'id'], value: 'txn_33999', depth: 3 });
    for (const index of [0, 3, 4, 17, 33_000, rows.length - 1]) {
      const row = rows.at(index);
      if (row.kind === 'node') expect(row.key).toBe(pathKey(row.path));
    }
    expect(() => rows.at(rows.length)).toThrow(RangeError);
  });

  it('finds the position of a row by its key, inside a run of closed siblings or open', () => {
    const plan = revealPlan(root, ['transactions', 33_999, 'id'], new Map(), 100)!;
    const rows = treeRows(root, 'output', new Set(plan.expand), plan.limits, 100);
    for (const path of [['transactions', 33_999, 'id'], ['transactions', 12_345], ['transactions'], ['account']]) {
      const index = rows.indexOfKey(pathKey(path));
      expect(index).toBeGreaterThanOrEqual(0);
      expect(rows.at(index)).toMatchObject({ kind: 'node', path });
    }
    expect(rows.indexOfKey(pathKey(['account', 'name']))).toBe(-1);
    expect(rows.indexOfKey(pathKey(['transactions', 40_000]))).toBe(-1);
  });

  it('keeps an object’s key order around an open key, and shows its page only', () => {
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, { i }]));
    const rows = allRows(treeRows(wide, 'output', new Set([pathKey([]), pathKey(['k40'])]), new Map(), 100));
    const names = rows.map((row) => (row.kind === 'node' ? row.path.join('.') : `more ${row.hidden}`));
    expect(names.slice(0, 3)).toEqual(['', 'k0', 'k1']);
    expect(names.slice(41, 44)).toEqual(['k40', 'k40.i', 'k41']);
    expect(names.at(-1)).toBe('more 50');
    expect(rows).toHaveLength(1 + 100 + 1 + 1);
  });
});
