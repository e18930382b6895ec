import type { JsonPiece } from './json-pieces';
import type { JsonSearchRequest, JsonSearchResponse } from './json-search-messages';
import type { OutputFailure } from './output-fetch';

/** What the page asks the output worker: fetch and parse an output, or search the one it holds. */
export type OutputWorkerRequest = { type: 'load'; url: string } | Extract<JsonSearchRequest, { type: 'search' }>;

/**
 * What the output worker answers: the value in pieces (see json-pieces.ts), then `loaded`; or why
 * it could not get it; and search answers as the search worker gives them.
 */
export type OutputWorkerResponse = { type: 'piece'; piece: JsonPiece } | { type: 'loaded' } | { type: 'failed'; failure: OutputFailure } | JsonSearchResponse;
