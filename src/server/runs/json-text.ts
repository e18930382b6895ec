import { isContainer } from './json-depth';

/**
 * `JSON.stringify` for values of any depth, written with an explicit stack: the built-in one
 * recurses and overflows the call stack a few thousand levels down. Slower, so it is only used for
 * values known to be that deep. Handles what `JSON.parse` produces (no `toJSON`, no cycles).
 */
export function stringifyWithoutRecursion(value: unknown): string {
  if (!isContainer(value)) return scalarText(value) ?? 'null';
  const out: string[] = [];
  const stack: Array<{ node: object; keys: string[] | null; next: number; wrote: boolean }> = [];
  const open = (node: object) => {
    const isArray = Array.isArray(node);
    out.push(isArray ? '[' : '{');
    stack.push({ node, keys: isArray ? null : Object.keys(node), next: 0, wrote: false });
  };
  open(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const length = frame.keys ? frame.keys.length : (frame.node as unknown[]).length;
    if (frame.next >= length) {
      out.push(frame.keys ? '}' : ']');
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const key = frame.keys ? frame.keys[index]! : null;
    const child = key === null ? (frame.node as unknown[])[index] : (frame.node as Record<string, unknown>)[key];
    const text = isContainer(child) ? null : scalarText(child);
    // Like JSON.stringify: object members without a JSON value are left out, array slots become null.
    if (key !== null && text === undefined) continue;
    if (frame.wrote) out.push(',');
    frame.wrote = true;
    if (key !== null) out.push(JSON.stringify(key), ':');
    if (text === null) open(child as object);
    else out.push(text ?? 'null');
  }
  return out.join('');
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
}
