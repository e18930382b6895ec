import type { JsonContainer, JsonPathSegment } from './json-path';
import { childCount, isContainer, pathKey } from './json-path';

/** One line of the tree as it is drawn: a node, or the "show more" line under a long container. */
export type TreeRow =
  | {
      kind: 'node';
      key: string;
      path: JsonPathSegment[];
      name: JsonPathSegment;
      value: unknown;
      depth: number;
      /** Children of a container (0 for a primitive). */
      count: number;
      open: boolean;
    }
  | {
      kind: 'more';
      /** Key of the container whose children continue. */
      key: string;
      depth: number;
      hidden: number;
    };

/** The rows of a tree, read by position; a long run of closed siblings is one entry, not one object per row. */
export interface TreeRows {
  readonly length: number;
  /** The row at `index` (0 ≤ index < length). */
  at(index: number): TreeRow;
  /** Position of the node row with this key, or -1. */
  indexOfKey(key: string): number;
}

/** Consecutive children of one open container, none of them open: their rows are made when read. */
interface SiblingRun {
  kind: 'run';
  container: JsonContainer;
  /** An object's keys (in order); absent for an array. */
  keys: string[] | null;
  from: number;
  count: number;
  parentPath: JsonPathSegment[];
  parentKey: string;
  depth: number;
}
type Pending =
  | { kind: 'node'; name: JsonPathSegment; value: unknown; path: JsonPathSegment[]; key: string; depth: number }
  | Extract<TreeRow, { kind: 'more' }>
  | SiblingRun;
type Block = { start: number; row: TreeRow } | { start: number; run: SiblingRun };

/** A child's key is its parent's with one more segment: the same text pathKey gives, without re-encoding the path. */
function childKey(parentKey: string, parentPath: readonly JsonPathSegment[], segment: JsonPathSegment): string {
  return `${parentPath.length === 0 ? '[' : `${parentKey.slice(0, -1)},`}${JSON.stringify(segment)}]`;
}

/** For each expanded key, its parent's key → the expanded children's segments. */
function openChildrenByParent(expanded: ReadonlySet<string>): Map<string, Set<JsonPathSegment>> {
  const byParent = new Map<string, Set<JsonPathSegment>>();
  for (const key of expanded) {
    let path: unknown;
    try {
      path = JSON.parse(key);
    } catch {
      continue;
    }
    if (!Array.isArray(path) || path.length === 0) continue;
    const parent = pathKey(path.slice(0, -1) as JsonPathSegment[]);
    const segments = byParent.get(parent) ?? new Set<JsonPathSegment>();
    segments.add(path[path.length - 1] as JsonPathSegment);
    byParent.set(parent, segments);
  }
  return byParent;
}

function runRow(run: SiblingRun, offset: number): TreeRow {
  const position = run.from + offset;
  const segment: JsonPathSegment = run.keys ? run.keys[position]! : position;
  const value = run.keys ? (run.container as Record<string, unknown>)[segment] : (run.container as unknown[])[position];
  return {
    kind: 'node',
    key: childKey(run.parentKey, run.parentPath, segment),
    path: [...run.parentPath, segment],
    name: segment,
    value,
    depth: run.depth,
    count: isContainer(value) ? childCount(value) : 0,
    open: false,
  };
}

/**
 * The rows an expanded tree shows, top to bottom: open containers list at most their `limits`
 * (else `pageSize`) children, then a "show more" row. Built without recursion; its cost is the
 * number of open nodes, never the number of rows: 34,000 closed siblings are one entry, and a row
 * is only made when it is read (the tree reads the few on screen).
 */
export function treeRows(root: unknown, rootName: string, expanded: ReadonlySet<string>, limits: ReadonlyMap<string, number>, pageSize: number): TreeRows {
  const openChildren = openChildrenByParent(expanded);
  const blocks: Block[] = [];
  let length = 0;
  const stack: Pending[] = [{ kind: 'node', name: rootName, value: root, path: [], key: pathKey([]), depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === 'more') {
      blocks.push({ start: length, row: item });
      length += 1;
      continue;
    }
    if (item.kind === 'run') {
      blocks.push({ start: length, run: item });
      length += item.count;
      continue;
    }
    const { key, path, depth } = item;
    const container = isContainer(item.value);
    const count = container ? childCount(item.value as JsonContainer) : 0;
    const open = container && expanded.has(key);
    blocks.push({ start: length, row: { kind: 'node', key, path, name: item.name, value: item.value, depth, count, open } });
    length += 1;
    if (!open) continue;
    const value = item.value as JsonContainer;
    const shown = Math.min(count, limits.get(key) ?? pageSize);
    if (count > shown) stack.push({ kind: 'more', key, depth: depth + 1, hidden: count - shown });
    const keys = Array.isArray(value) ? null : Object.keys(value).slice(0, shown);
    const openHere = openChildren.get(key);
    // Open children split the siblings into runs; pushed last to first, so they pop in order.
    const openPositions = openHere
      ? keys
        ? keys.flatMap((k, position) => (openHere.has(k) ? [position] : []))
        : [...openHere].filter((segment): segment is number => typeof segment === 'number' && segment < shown).sort((a, b) => a - b)
      : [];
    let end = shown;
    for (let i = openPositions.length - 1; i >= 0; i -= 1) {
      const position = openPositions[i]!;
      // The siblings after this open child, then the child itself.
      if (end > position + 1)
        stack.push({ kind: 'run', container: value, keys, from: position + 1, count: end - position - 1, parentPath: path, parentKey: key, depth: depth + 1 });
      const segment: JsonPathSegment = keys ? keys[position]! : position;
      const child = keys ? (value as Record<string, unknown>)[segment] : (value as unknown[])[position];
      stack.push({ kind: 'node', name: segment, value: child, path: [...path, segment], key: childKey(key, path, segment), depth: depth + 1 });
      end = position;
    }
    if (end > 0) stack.push({ kind: 'run', container: value, keys, from: 0, count: end, parentPath: path, parentKey: key, depth: depth + 1 });
  }
  return {
    length,
    at(index) {
      if (index < 0 || index >= length) throw new RangeError(`no row ${index} in a tree of ${length}`);
      let low = 0;
      let high = blocks.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (blocks[middle]!.start <= index) low = middle;
        else high = middle - 1;
      }
      const block = blocks[low]!;
      return 'row' in block ? block.row : runRow(block.run, index - block.start);
    },
    indexOfKey(key) {
      let path: unknown;
      try {
        path = JSON.parse(key);
      } catch {
        return -1;
      }
      if (!Array.isArray(path)) return -1;
      const parent = path.length > 0 ? pathKey(path.slice(0, -1) as JsonPathSegment[]) : null;
      const last = path[path.length - 1] as unknown;
      for (const block of blocks) {
        if ('row' in block) {
          if (block.row.kind === 'node' && block.row.key === key) return block.start;
          continue;
        }
        const { run } = block;
        if (run.parentKey !== parent) continue;
        const position = run.keys ? (typeof last === 'string' ? run.keys.indexOf(last, run.from) : -1) : typeof last === 'number' ? last : -1;
        if (position >= run.from && position < run.from + run.count) return block.start + position - run.from;
      }
      return -1;
    },
  };
}

/** Every row of `rows`, in order (for small trees and tests). */
export function allRows(rows: TreeRows): TreeRow[] {
  return Array.from({ length: rows.length }, (_, index) => rows.at(index));
}

/**
 * What must be open, and how many children shown, for the node at `path` to be a visible row:
 * every ancestor expanded, and each ancestor's page limit raised past the child on the way.
 * Returns null when the path does not exist in `root`.
 */
export function revealPlan(
  root: unknown,
  path: readonly JsonPathSegment[],
  limits: ReadonlyMap<string, number>,
  pageSize: number,
): { expand: string[]; limits: Map<string, number> } | null {
  const expand: string[] = [];
  const nextLimits = new Map(limits);
  let current: unknown = root;
  for (let depth = 0; depth < path.length; depth += 1) {
    if (!isContainer(current)) return null;
    const segment = path[depth]!;
    const key = pathKey(path.slice(0, depth));
    const position = Array.isArray(current)
      ? typeof segment === 'number' && segment < current.length
        ? segment
        : -1
      : Object.prototype.hasOwnProperty.call(current, segment)
        ? Object.keys(current).indexOf(String(segment))
        : -1;
    if (position < 0) return null;
    expand.push(key);
    const limit = nextLimits.get(key) ?? pageSize;
    if (position >= limit) nextLimits.set(key, Math.ceil((position + 1) / pageSize) * pageSize);
    current = Array.isArray(current) ? current[segment as number] : (current as Record<string, unknown>)[segment as string];
  }
  return { expand, limits: nextLimits };
}
