import { splitIntoPieces } from '../utils/json-pieces';
import { buildJsonSearchIndex, searchJsonIndex, type JsonSearchIndex } from '../utils/json-search-index';
import { fetchOutput } from '../utils/output-fetch';
import type { OutputWorkerRequest, OutputWorkerResponse } from '../utils/output-worker-messages';

/*
 * Fetches and parses a large run output off the page's main thread, hands it to the page in
 * pieces small enough that receiving each is a short task, then indexes it for search while the
 * page already shows it. The page never parses (or structured-copies in one go) the whole output.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<OutputWorkerRequest>) => void) | null;
  postMessage(message: OutputWorkerResponse): void;
}
const scope = self as unknown as WorkerScope;
let value: unknown;
let loaded = false;
let index: JsonSearchIndex | null = null;
let indexError: string | null = null;

function searchIndex(): JsonSearchIndex | null {
  if (!loaded || indexError) return null;
  try {
    index ??= buildJsonSearchIndex(value);
  } catch (error) {
    indexError = error instanceof Error ? error.message : String(error);
  }
  return index;
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    void fetchOutput(request.url).then((result) => {
      if (!result.ok) {
        scope.postMessage({ type: 'failed', failure: result.failure });
        return;
      }
      value = result.value;
      for (const piece of splitIntoPieces(value)) scope.postMessage({ type: 'piece', piece });
      loaded = true;
      scope.postMessage({ type: 'loaded' });
      // Indexed now, while the page draws the tree, so the first search does not wait for it.
      setTimeout(searchIndex, 0);
    });
    return;
  }
  const ready = searchIndex();
  if (!ready) {
    scope.postMessage({ type: 'error', id: request.id, message: indexError ?? 'the output is still loading' });
    return;
  }
  scope.postMessage({ type: 'result', id: request.id, result: searchJsonIndex(ready, request.query, request.limit) });
};
