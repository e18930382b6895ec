import type { JsonPathSegment } from './json-path';

/**
 * A flat index of every node of a JSON value, built once so a search is one pass over plain
 * strings. Nodes are stored as parallel arrays (parent, segment, text) rather than one object per
 * node: a 5 MB output has a quarter of a million nodes. Built in a worker for large values
 * (see json-search.worker.ts), so it has no DOM and no React.
 */
export interface JsonSearchIndex {
  /** Parent node of each node; -1 for the root. */
  parents: Int32Array;
  /** The key or array index leading to each node (unused for the root). */
  segments: JsonPathSegment[];
  /** Lower-cased searchable text of each node: its key, and its value when it is not a container. */
  texts: string[];
  /** Each node's value when it is not a container (shown beside a match). */
  leaves: unknown[];
  /** What each node is: LEAF, OBJECT or ARRAY. */
  kinds: Uint8Array;
}

const LEAF = 0;
const OBJECT = 1;
const ARRAY = 2;

export interface JsonSearchMatch {
  path: JsonPathSegment[];
  /** Short text of the matched value, or `{…}`/`[…]` for a container matched by its key. */
  preview: string;
}

export interface JsonSearchResult {
  query: string;
  /** Every match in the value, even beyond the ones listed. */
  total: number;
  /** The first matches in document order. */
  matches: JsonSearchMatch[];
}

/** Preview length of a matched value. */
const PREVIEW_CHARS = 80;

/** Walks the value without recursion, so a hostile, deeply nested value cannot overflow the stack. */
export function buildJsonSearchIndex(root: unknown): JsonSearchIndex {
  const parents: number[] = [];
  const segments: JsonPathSegment[] = [];
  const texts: string[] = [];
  const leaves: unknown[] = [];
  const kinds: number[] = [];
  const add = (parent: number, segment: JsonPathSegment, value: unknown): number => {
    const container = typeof value === 'object' && value !== null;
    parents.push(parent);
    segments.push(segment);
    leaves.push(container ? undefined : value);
    kinds.push(container ? (Array.isArray(value) ? ARRAY : OBJECT) : LEAF);
    const key = parent < 0 ? '' : String(segment);
    texts.push((container ? key : `${key}\u0000${leafText(value)}`).toLowerCase());
    return parents.length - 1;
  };
  // Depth-first, children in their own order, so matches come out in document order.
  const stack: Array<{ node: number; value: unknown }> = [{ node: add(-1, '', root), value: root }];
  while (stack.length > 0) {
    const { node, value } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const children: Array<{ node: number; value: unknown }> = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) children.push({ node: add(node, i, value[i]), value: value[i] });
    } else {
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        children.push({ node: add(node, key, child), value: child });
      }
    }
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return { parents: Int32Array.from(parents), segments, texts, leaves, kinds: Uint8Array.from(kinds) };
}

/** Number of nodes in the index, the root included. */
export function indexedNodeCount(index: JsonSearchIndex): number {
  return index.parents.length;
}

/**
 * Every node whose key or value contains `query` (case-insensitive). Counts all matches and lists
 * the first `limit` in document order, each with the path to reveal it.
 */
export function searchJsonIndex(index: JsonSearchIndex, query: string, limit: number): JsonSearchResult {
  const needle = query.trim().toLowerCase();
  if (needle === '') return { query, total: 0, matches: [] };
  const matches: JsonSearchMatch[] = [];
  let total = 0;
  const { texts } = index;
  for (let node = 0; node < texts.length; node += 1) {
    if (!texts[node]!.includes(needle)) continue;
    total += 1;
    if (matches.length < limit) matches.push({ path: pathOf(index, node), preview: previewOf(index, node) });
  }
  return { query, total, matches };
}

function pathOf(index: JsonSearchIndex, node: number): JsonPathSegment[] {
  const path: JsonPathSegment[] = [];
  for (let current = node; index.parents[current]! >= 0; current = index.parents[current]!) path.push(index.segments[current]!);
  return path.reverse();
}

function previewOf(index: JsonSearchIndex, node: number): string {
  const kind = index.kinds[node];
  if (kind === ARRAY) return '[…]';
  if (kind === OBJECT) return '{…}';
  const leaf = index.leaves[node];
  const text = typeof leaf === 'string' ? JSON.stringify(leaf) : leafText(leaf);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function leafText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
