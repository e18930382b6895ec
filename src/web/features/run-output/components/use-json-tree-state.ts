import { useCallback, useMemo, useState } from 'react';
import { expandAll } from '../utils/expand-all';
import type { JsonPathSegment } from '../utils/json-path';
import { childCount, childrenOf, isContainer, pathKey } from '../utils/json-path';
import { revealPlan } from '../utils/visible-rows';

/** Children rendered per node before a "show more" button. */
export const CHILDREN_PAGE = 100;
/** Rows "expand all" may open at most; beyond this the tree would stop being responsive. */
export const EXPAND_ALL_BUDGET = 2_000;

export interface JsonTreeState {
  expanded: ReadonlySet<string>;
  limits: ReadonlyMap<string, number>;
  selected: JsonPathSegment[];
  /** Set after "expand all" had to stop early. */
  expandTruncated: boolean;
  /** The node last revealed (from a search), so the tree scrolls it into view; `token` tells two reveals apart. */
  revealed: { key: string; token: number } | null;
  toggle: (key: string) => void;
  select: (path: JsonPathSegment[]) => void;
  showMore: (key: string) => void;
  expandEverything: () => void;
  collapseEverything: () => void;
  /** Opens every ancestor of `path`, shows it, selects it and scrolls to it. False when it no longer exists. */
  reveal: (path: JsonPathSegment[]) => boolean;
}

function initialExpanded(root: unknown): Set<string> {
  const expanded = new Set<string>([pathKey([])]);
  // A small object opens one level deeper, so a typical output is readable at a glance.
  if (isContainer(root) && childCount(root) <= 12) {
    for (const [segment, child] of childrenOf(root, 12)) {
      if (isContainer(child) && childCount(child) <= 12) expanded.add(pathKey([segment]));
    }
  }
  return expanded;
}

/** Which nodes are open and selected. Only expanded nodes are ever rendered. */
export function useJsonTreeState(root: unknown): JsonTreeState {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => initialExpanded(root));
  const [limits, setLimits] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [selected, setSelected] = useState<JsonPathSegment[]>([]);
  const [expandTruncated, setExpandTruncated] = useState(false);
  const [revealed, setRevealed] = useState<{ key: string; token: number } | null>(null);

  const toggle = useCallback((key: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const showMore = useCallback((key: string) => {
    setLimits((current) => new Map(current).set(key, (current.get(key) ?? CHILDREN_PAGE) + CHILDREN_PAGE));
  }, []);

  const expandEverything = useCallback(() => {
    const result = expandAll(root, CHILDREN_PAGE, EXPAND_ALL_BUDGET);
    setExpanded(result.expanded);
    setLimits(new Map());
    setExpandTruncated(result.truncated);
  }, [root]);

  const collapseEverything = useCallback(() => {
    setExpanded(new Set([pathKey([])]));
    setExpandTruncated(false);
  }, []);

  const reveal = useCallback(
    (path: JsonPathSegment[]) => {
      const plan = revealPlan(root, path, limits, CHILDREN_PAGE);
      if (!plan) return false;
      setExpanded((current) => new Set([...current, ...plan.expand]));
      setLimits(plan.limits);
      setSelected(path);
      setRevealed((current) => ({ key: pathKey(path), token: (current?.token ?? 0) + 1 }));
      return true;
    },
    [root, limits],
  );

  return useMemo(
    () => ({
      expanded,
      limits,
      selected,
      expandTruncated,
      revealed,
      toggle,
      select: setSelected,
      showMore,
      expandEverything,
      collapseEverything,
      reveal,
    }),
    [expanded, limits, selected, expandTruncated, revealed, toggle, showMore, expandEverything, collapseEverything, reveal],
  );
}

/** The value at `path`, or undefined when the path no longer exists (the data changed). */
export function valueAtPath(root: unknown, path: readonly JsonPathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (!isContainer(current)) return undefined;
    current = Array.isArray(current) ? current[segment as number] : (current as Record<string, unknown>)[segment as string];
  }
  return current;
}
