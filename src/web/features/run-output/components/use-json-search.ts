import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonSearchEngine } from '../utils/json-search-engine';
import type { JsonSearchResult } from '../utils/json-search-index';

/** Matches listed under the search box; the total counts them all. */
export const SEARCH_MATCHES_LISTED = 50;

export type JsonSearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; result: JsonSearchResult }
  | { status: 'failed'; query: string; message: string };

/**
 * Search over a JSON value. The engine (a worker for large values) and its code load on `prepare`
 * — when someone reaches for the search box — so a page that is only looked at pays nothing for
 * it, not even the download. Only the latest query's answer is shown.
 */
export function useJsonSearch(value: unknown, startEngine?: () => Promise<JsonSearchEngine>) {
  const engine = useRef<{ value: unknown; engine: Promise<JsonSearchEngine> } | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<JsonSearchState>({ status: 'idle' });

  useEffect(
    () => () => {
      void engine.current?.engine.then((started) => started.dispose());
      engine.current = null;
    },
    [value],
  );

  const prepare = useCallback((): Promise<JsonSearchEngine> => {
    const current = engine.current;
    if (current && current.value === value) return current.engine;
    void current?.engine.then((started) => started.dispose());
    // A value that came from a worker is searched by that worker, which already holds it.
    const created = startEngine ? startEngine() : import('../utils/json-search-engine').then(({ createJsonSearchEngine }) => createJsonSearchEngine(value));
    engine.current = { value, engine: created };
    return created;
  }, [value, startEngine]);

  const search = useCallback(
    (query: string) => {
      latest.current += 1;
      const ticket = latest.current;
      if (query.trim() === '') {
        setState({ status: 'idle' });
        return;
      }
      setState({ status: 'searching', query });
      prepare()
        .then((started) => started.search(query, SEARCH_MATCHES_LISTED))
        .then(
          (result) => {
            if (ticket === latest.current) setState({ status: 'done', result });
          },
          (error: unknown) => {
            if (ticket === latest.current) setState({ status: 'failed', query, message: error instanceof Error ? error.message : String(error) });
          },
        );
    },
    [prepare],
  );

  return { state, prepare, search };
}
