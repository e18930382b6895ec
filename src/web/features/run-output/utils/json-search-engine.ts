import { buildJsonSearchIndex, searchJsonIndex, type JsonSearchIndex, type JsonSearchResult } from './json-search-index';
import type { JsonSearchRequest, JsonSearchResponse } from './json-search-messages';

export interface JsonSearchEngine {
  search(query: string, limit: number): Promise<JsonSearchResult>;
  dispose(): void;
}

/**
 * Values with more nodes than this are indexed and searched in a worker: indexing a 5 MB output
 * takes hundreds of milliseconds, which on the main thread would freeze the page. Smaller values
 * are searched in place, where it costs less than starting a worker.
 */
export const WORKER_NODE_THRESHOLD = 20_000;

export function createJsonSearchEngine(value: unknown): JsonSearchEngine {
  if (typeof Worker !== 'undefined' && hasMoreNodesThan(value, WORKER_NODE_THRESHOLD)) {
    try {
      return workerEngine(value);
    } catch {
      // A browser that refuses the worker still gets a search, only on the main thread.
    }
  }
  return inThreadEngine(value);
}

/** Counts nodes only up to `limit`, so deciding costs little even for a huge value. */
export function hasMoreNodesThan(root: unknown, limit: number): boolean {
  const stack: unknown[] = [root];
  let seen = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    seen += 1;
    if (seen > limit) return true;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      if (seen + value.length > limit) return true;
      for (const child of value) stack.push(child);
    } else {
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key)) stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function inThreadEngine(value: unknown): JsonSearchEngine {
  let index: JsonSearchIndex | null = null;
  return {
    search: async (query, limit) => {
      index ??= buildJsonSearchIndex(value);
      return searchJsonIndex(index, query, limit);
    },
    dispose: () => {
      index = null;
    },
  };
}

function workerEngine(value: unknown): JsonSearchEngine {
  const worker = new Worker(new URL('../workers/json-search.worker.ts', import.meta.url), { type: 'module', name: 'json-search' });
  const pending = new Map<number, { resolve: (result: JsonSearchResult) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const send = (request: JsonSearchRequest) => worker.postMessage(request);

  worker.onmessage = (event: MessageEvent<JsonSearchResponse>) => {
    const answer = event.data;
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.type === 'result') waiting.resolve(answer.result);
    else waiting.reject(new Error(answer.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failure = new Error(`The search could not start (${event.message || 'worker failed'}).`);
    for (const waiting of pending.values()) waiting.reject(failure);
    pending.clear();
  };
  // The structured copy is the only main-thread cost; parsing the index happens in the worker.
  send({ type: 'index', value });

  return {
    search: (query, limit) =>
      new Promise<JsonSearchResult>((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        const id = nextId;
        nextId += 1;
        pending.set(id, { resolve, reject });
        send({ type: 'search', id, query, limit });
      }),
    dispose: () => {
      worker.terminate();
      for (const waiting of pending.values()) waiting.reject(new Error('The search was closed.'));
      pending.clear();
    },
  };
}
