/**
 * Nesting depth of parsed JSON, measured without recursion: an upstream value nested thousands of
 * levels deep parses fine but overflows the call stack of anything recursive (JSON.stringify
 * included), so the reader checks depth before such a value goes anywhere near a response.
 */

/** Deepest nesting Runwatch passes on inside a run; deeper values are withheld with a note. */
export const MAX_JSON_DEPTH = 1000;

/** True when `value` nests objects/arrays more than `limit` levels deep (a scalar is depth 0). */
export function isDeeperThan(value: unknown, limit: number): boolean {
  if (!isContainer(value)) return false;
  const stack: Array<{ node: object; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (isContainer(child)) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

export function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
