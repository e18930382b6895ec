import type { JsonPathSegment } from './json-path';

/**
 * A large JSON value sent from a worker to the page in pieces of bounded size, so that no single
 * message costs the page's main thread more than a short task to receive: the first piece is the
 * root with its too-large containers left empty ("shells"), and each later piece adds entries to a
 * container already sent, shells again where a child is itself too large. Pieces arrive in order,
 * so objects keep their key order and arrays fill from the start.
 */
export type JsonPiece = { type: 'root'; value: unknown } | { type: 'fill'; path: JsonPathSegment[]; entries: [JsonPathSegment, unknown][] };

/** Nodes per piece: receiving this many costs a few milliseconds on a slow machine. */
export const PIECE_NODE_BUDGET = 1_000;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? [] : {};
}

/** Nodes in `root`, counting stops once past `limit` (so deciding costs at most `limit` steps). */
export function nodesUpTo(root: unknown, limit: number): number {
  const stack: unknown[] = [root];
  let seen = 0;
  while (stack.length > 0 && seen <= limit) {
    const value = stack.pop();
    seen += 1;
    if (!isContainer(value)) continue;
    if (Array.isArray(value)) for (const child of value) stack.push(child);
    else for (const key of Object.keys(value)) stack.push(value[key]);
  }
  return seen;
}

/** The pieces of `root`, in the order they must be applied; a small value is one piece. */
export function* splitIntoPieces(root: unknown, budget = PIECE_NODE_BUDGET): Generator<JsonPiece> {
  if (!isContainer(root) || nodesUpTo(root, budget) <= budget) {
    yield { type: 'root', value: root };
    return;
  }
  yield { type: 'root', value: emptyLike(root) };
  // Breadth first: a shell is always sent (inside its parent's piece) before its own entries.
  const queue: { path: JsonPathSegment[]; value: Container }[] = [{ path: [], value: root }];
  for (let next = 0; next < queue.length; next += 1) {
    const { path, value } = queue[next]!;
    let entries: [JsonPathSegment, unknown][] = [];
    let nodes = 0;
    const add = (segment: JsonPathSegment, child: unknown) => {
      const size = nodesUpTo(child, budget);
      if (isContainer(child) && size > budget) {
        entries.push([segment, emptyLike(child)]);
        queue.push({ path: [...path, segment], value: child });
        nodes += 1;
      } else {
        entries.push([segment, child]);
        nodes += size;
      }
    };
    const flush = (): JsonPiece => {
      const piece: JsonPiece = { type: 'fill', path, entries };
      entries = [];
      nodes = 0;
      return piece;
    };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        add(i, value[i]);
        if (nodes >= budget) yield flush();
      }
    } else {
      for (const key of Object.keys(value)) {
        add(key, value[key]);
        if (nodes >= budget) yield flush();
      }
    }
    if (entries.length > 0) yield flush();
  }
}

/** Rebuilds a value from its pieces, applied in the order they were made. */
export class PieceAssembler {
  #root: unknown = undefined;
  #started = false;

  apply(piece: JsonPiece): void {
    if (piece.type === 'root') {
      this.#root = piece.value;
      this.#started = true;
      return;
    }
    if (!this.#started) throw new Error('a piece arrived before the value it belongs to');
    let target: unknown = this.#root;
    for (const segment of piece.path) {
      if (!isContainer(target)) throw new Error('a piece does not fit the value received so far');
      target = Array.isArray(target) ? target[segment as number] : target[segment as string];
    }
    if (!isContainer(target)) throw new Error('a piece does not fit the value received so far');
    for (const [segment, child] of piece.entries) {
      if (Array.isArray(target)) target.push(child);
      // An own "__proto__" key (JSON.parse makes one) must stay a key, never become the prototype.
      else Object.defineProperty(target, segment, { value: child, enumerable: true, writable: true, configurable: true });
    }
  }

  get value(): unknown {
    return this.#root;
  }
}
