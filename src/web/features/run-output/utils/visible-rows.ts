import type { JsonContainer, JsonPathSegment } from './json-path';
import { childCount, childrenOf, isContainer, pathKey } from './json-path';

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

/**
 * The rows an expanded tree shows, top to bottom: open containers list at most their `limits`
 * (else `pageSize`) children, then a "show more" row. Built without recursion; its cost is the
 * number of rows shown, never the size of the value.
 */
export function visibleRows(root: unknown, rootName: string, expanded: ReadonlySet<string>, limits: ReadonlyMap<string, number>, pageSize: number): TreeRow[] {
  const rows: TreeRow[] = [];
  type Pending = { name: JsonPathSegment; value: unknown; path: JsonPathSegment[]; key: string; depth: number } | Extract<TreeRow, { kind: 'more' }>;
  const stack: Pending[] = [{ name: rootName, value: root, path: [], key: pathKey([]), depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('kind' in item) {
      rows.push(item);
      continue;
    }
    const { key } = item;
    const container = isContainer(item.value);
    const count = container ? childCount(item.value as JsonContainer) : 0;
    const open = container && expanded.has(key);
    rows.push({ kind: 'node', key, path: item.path, name: item.name, value: item.value, depth: item.depth, count, open });
    if (!open) continue;
    const limit = limits.get(key) ?? pageSize;
    if (count > limit) stack.push({ kind: 'more', key, depth: item.depth + 1, hidden: count - limit });
    const children = childrenOf(item.value as JsonContainer, limit);
    // A child's key is its parent's with one more segment: the same text pathKey gives, without re-encoding the path.
    const keyPrefix = item.path.length === 0 ? '[' : `${key.slice(0, -1)},`;
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const [segment, child] = children[i]!;
      stack.push({ name: segment, value: child, path: [...item.path, segment], key: `${keyPrefix}${JSON.stringify(segment)}]`, depth: item.depth + 1 });
    }
  }
  return rows;
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
