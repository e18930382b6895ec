import { describe, expect, it } from 'vitest';
import { pathKey } from './json-path';
import { revealPlan, visibleRows } from './visible-rows';

const value = { name: 'x', list: Array.from({ length: 250 }, (_, i) => ({ i })), empty: {} };

describe('visibleRows', () => {
  it('lists only the root and its open children, in order', () => {
    const rows = visibleRows(value, 'output', new Set([pathKey([])]), new Map(), 100);
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
    const rows = visibleRows(value, 'output', expanded, new Map(), 100);
    // root, name, list, 100 items, the open item's child, "more", empty
    expect(rows).toHaveLength(1 + 1 + 1 + 100 + 1 + 1 + 1);
    expect(rows[4]).toMatchObject({ kind: 'node', path: ['list', 1], open: true });
    expect(rows[5]).toMatchObject({ kind: 'node', path: ['list', 1, 'i'], value: 1, depth: 3 });
    expect(rows[rows.length - 2]).toEqual({ kind: 'more', key: pathKey(['list']), depth: 2, hidden: 150 });
    const more = visibleRows(value, 'output', expanded, new Map([[pathKey(['list']), 300]]), 100);
    expect(more.some((row) => row.kind === 'more')).toBe(false);
  });
});

describe('revealPlan', () => {
  it('opens every ancestor and raises page limits past the target', () => {
    const plan = revealPlan(value, ['list', 234, 'i'], new Map(), 100);
    expect(plan?.expand).toEqual([pathKey([]), pathKey(['list']), pathKey(['list', 234])]);
    expect(plan?.limits.get(pathKey(['list']))).toBe(300);
    const rows = visibleRows(value, 'output', new Set(plan!.expand), plan!.limits, 100);
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

describe('visibleRows keys', () => {
  it('gives every row the key pathKey gives its path, for any key text', () => {
    const tricky = { 'a"b': { 'x,y]': [{ '': 1, '\\': 2 }] }, ünï: [true] };
    const expanded = new Set([pathKey([]), pathKey(['a"b']), pathKey(['a"b', 'x,y]']), pathKey(['a"b', 'x,y]', 0]), pathKey(['ünï'])]);
    const rows = visibleRows(tricky, 'output', expanded, new Map(), 100);
    const nodes = rows.filter((row) => row.kind === 'node');
    expect(nodes).toHaveLength(8);
    for (const row of nodes) expect(row.key).toBe(pathKey(row.path));
  });
});
