/** One step into a JSON value: an object key or an array index. */
export type JsonPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path a developer can paste into code: `output.accounts[0]["due date"]`. */
export function formatJsonPath(root: string, path: readonly JsonPathSegment[]): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** A stable key for a node, used to remember which nodes are expanded. */
export function pathKey(path: readonly JsonPathSegment[]): string {
  return JSON.stringify(path);
}

export type JsonContainer = Record<string, unknown> | unknown[];

export function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** Number of direct children, without copying keys of large objects more than once. */
export function childCount(value: JsonContainer): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/** The first `limit` children of a container, as [segment, value] pairs. */
export function childrenOf(value: JsonContainer, limit: number): Array<[JsonPathSegment, unknown]> {
  if (Array.isArray(value)) {
    const end = Math.min(limit, value.length);
    const pairs: Array<[JsonPathSegment, unknown]> = [];
    for (let index = 0; index < end; index += 1) pairs.push([index, value[index]]);
    return pairs;
  }
  const pairs: Array<[JsonPathSegment, unknown]> = [];
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (pairs.length >= limit) break;
    pairs.push([key, value[key]]);
  }
  return pairs;
}
