import type { Readable } from 'node:stream';
import { errorBody, type ApiHttpError } from '../http/api-error';
import { compressedJson } from './compress-json';

/**
 * What `sendApiError` sends from an `/api` route (whose `c.json` compresses, see compress-json.ts),
 * as values: the status, the headers in the order they are set, and the body. For the run read
 * lane (run-read-lane.ts), which answers without a Context.
 */
export function apiErrorAnswer(
  requestId: string,
  error: ApiHttpError,
  acceptEncoding: string | undefined,
): { status: number; headers: [string, string][]; body: string | Buffer | Readable } {
  const headers: [string, string][] = Object.entries(error.options.headers ?? {});
  const coded = compressedJson(JSON.stringify(errorBody(requestId, error)), acceptEncoding);
  headers.push(['Content-Type', 'application/json']);
  if (coded.gzip) headers.push(['Content-Encoding', 'gzip']);
  headers.push(['Vary', 'Accept-Encoding']);
  return { status: error.status, headers, body: coded.body };
}
