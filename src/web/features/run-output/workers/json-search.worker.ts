import { buildJsonSearchIndex, searchJsonIndex, type JsonSearchIndex } from '../utils/json-search-index';
import type { JsonSearchRequest, JsonSearchResponse } from '../utils/json-search-messages';

/*
 * Indexes and searches a large JSON value off the page's main thread, so a 5 MB output never
 * freezes scrolling or typing. The index is built as soon as a value arrives, while nobody waits.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<JsonSearchRequest>) => void) | null;
  postMessage(message: JsonSearchResponse): void;
}
const scope = self as unknown as WorkerScope;
let index: JsonSearchIndex | null = null;
let indexError: string | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'index') {
    try {
      index = buildJsonSearchIndex(request.value);
      indexError = null;
    } catch (error) {
      index = null;
      indexError = error instanceof Error ? error.message : String(error);
    }
    return;
  }
  if (!index) {
    scope.postMessage({ type: 'error', id: request.id, message: indexError ?? 'nothing to search yet' });
    return;
  }
  scope.postMessage({ type: 'result', id: request.id, result: searchJsonIndex(index, request.query, request.limit) });
};
