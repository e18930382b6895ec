import type { JsonSearchResult } from './json-search-index';

/** What the page asks the search worker: index this value (replacing any before), or search it. */
export type JsonSearchRequest = { type: 'index'; value: unknown } | { type: 'search'; id: number; query: string; limit: number };

/** What the worker answers: a search's result, or why it could not. */
export type JsonSearchResponse = { type: 'result'; id: number; result: JsonSearchResult } | { type: 'error'; id: number; message: string };
