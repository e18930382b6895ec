import type { JsonPathSegment } from './json-path';
import { childrenOf, isContainer, pathKey } from './json-path';

export interface ExpandAllResult {
  expanded: Set<string>;
  /** True when the node budget ran out before every container was opened. */
  truncated: boolean;
}

/**
 * Opens containers breadth-first until about `nodeBudget` rows would be visible. A 5 MB output
 * can hold millions of nodes; opening all of them would freeze the tab, so "expand all" means
 * "expand as much as stays responsive", and says so when it stops early.
 */
export function expandAll(root: unknown, childrenPerNode: number, nodeBudget: number): ExpandAllResult {
  const expanded = new Set<string>();
  if (!isContainer(root)) return { expanded, truncated: false };
  const queue: Array<{ value: unknown; path: JsonPathSegment[] }> = [{ value: root, path: [] }];
  let visible = 1;
  for (let head = 0; head < queue.length; head += 1) {
    const { value, path } = queue[head]!;
    if (!isContainer(value)) continue;
    const children = childrenOf(value, childrenPerNode);
    if (visible + children.length > nodeBudget) return { expanded, truncated: true };
    expanded.add(pathKey(path));
    visible += children.length;
    for (const [segment, child] of children) {
      if (isContainer(child)) queue.push({ value: child, path: [...path, segment] });
    }
  }
  return { expanded, truncated: false };
}
