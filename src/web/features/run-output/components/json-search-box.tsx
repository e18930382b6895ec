import { useEffect, useRef, useState } from 'react';
import { Input } from '@/web/components/ui/input';
import type { JsonPathSegment } from '../utils/json-path';
import type { JsonSearchEngine } from '../utils/json-search-engine';
import { formatJsonPath } from '../utils/json-path';
import { SEARCH_MATCHES_LISTED, useJsonSearch } from './use-json-search';

interface JsonSearchBoxProps {
  value: unknown;
  rootName: string;
  /** Shows a match in the tree; false when the value changed and the match is gone. */
  onReveal: (path: JsonPathSegment[]) => boolean;
  /** The search engine to use instead of one made here (the worker that fetched the value). */
  startEngine?: () => Promise<JsonSearchEngine>;
}

/** Typing pauses this long before a search runs, so each keystroke does not start one. */
const TYPING_PAUSE_MS = 200;

/**
 * Finds keys and values anywhere in the value, however deep or far down a long list, and opens
 * the tree at a chosen match. Large values are searched in a worker (see use-json-search.ts).
 */
export function JsonSearchBox({ value, rootName, onReveal, startEngine }: JsonSearchBoxProps) {
  const { state, prepare, search } = useJsonSearch(value, startEngine);
  const [query, setQuery] = useState('');
  const [gone, setGone] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const run = (text: string) => {
    clearTimeout(timer.current);
    setGone(false);
    search(text);
  };

  return (
    <div className="flex flex-col gap-1.5">
      <form
        role="search"
        className="flex min-w-0 items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          run(query);
        }}
      >
        <Input
          type="search"
          value={query}
          aria-label={`Search the ${rootName}`}
          placeholder="Search keys and values"
          className="min-w-0 flex-1"
          onFocus={() => void prepare().catch(() => undefined)}
          onChange={(event) => {
            const text = event.target.value;
            setQuery(text);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => run(text), TYPING_PAUSE_MS);
          }}
        />
      </form>
      <SearchOutcome
        state={state}
        rootName={rootName}
        gone={gone}
        onPick={(path) => {
          setGone(!onReveal(path));
        }}
      />
    </div>
  );
}

function SearchOutcome({
  state,
  rootName,
  gone,
  onPick,
}: {
  state: ReturnType<typeof useJsonSearch>['state'];
  rootName: string;
  gone: boolean;
  onPick: (path: JsonPathSegment[]) => void;
}) {
  if (state.status === 'idle') return null;
  if (state.status === 'searching') {
    return (
      <p className="text-xs text-fg-muted" role="status">
        Searching…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="text-xs text-red-700 dark:text-red-300" role="status">
        The search failed: {state.message}
      </p>
    );
  }
  const { result } = state;
  if (result.total === 0) {
    return (
      <p className="text-xs text-fg-muted" role="status">
        No key or value contains “{result.query.trim()}”.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <p className="text-xs text-fg-muted" role="status" data-testid="json-search-summary">
        {result.total.toLocaleString()} {result.total === 1 ? 'match' : 'matches'} for “{result.query.trim()}”
        {result.total > result.matches.length ? ` — the first ${SEARCH_MATCHES_LISTED} are listed; narrow the search to see others` : ''}
      </p>
      {gone ? <p className="text-xs text-fg-muted">That match is no longer in the value; search again.</p> : null}
      <ul aria-label="Search matches" className="max-h-40 overflow-auto rounded-control border border-line bg-surface py-1">
        {result.matches.map((match) => {
          const path = formatJsonPath(rootName, match.path);
          return (
            <li key={JSON.stringify(match.path)}>
              <button
                type="button"
                onClick={() => onPick(match.path)}
                className="flex w-full min-w-0 items-baseline gap-2 px-2.5 py-0.5 text-left font-mono text-xs hover:bg-surface-hover focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
              >
                <span className="min-w-0 shrink truncate text-fg" title={path}>
                  {path}
                </span>
                <span className="min-w-0 flex-1 truncate text-fg-subtle">{match.preview}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
