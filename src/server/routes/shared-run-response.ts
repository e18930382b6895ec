import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { AppEnv } from '../app-env';
import { negotiateEncoding } from '../http/accept-encoding';
import { ApiHttpError } from '../http/api-error';
import { RememberedStrings } from '../http/remembered-strings';
import { describeFreshness } from '../http/freshness';
import { matchesIfNoneMatch } from '../http/if-none-match';
import { COMPRESS_MIN_BYTES } from '../middleware/compress-json';
import { completeBody } from '../runs/appendable-body';
import type { ResponseBytesCache, SharedHead } from '../runs/response-bytes-cache';
import { runViewForResponse } from '../runs/run-output-bytes';
import type { Read, RunRecord } from '../runs/run-reader';
import { RUN_INCLUDES, canonicalIncludes, type RunInclude } from '../upstream/run-include';

/** What of a run read's request decides its answer, besides the run. */
export interface RunReadRequest {
  /** HEAD: the headers of a GET, sent without coding. */
  head: boolean;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

/** A run read's answer before the app's envelope (request id, security headers) is added. */
export interface RunReadAnswer {
  status: 200 | 304;
  /** In the order the route sets them. */
  headers: [string, string][];
  body: Buffer | null;
}

/**
 * The answer to `GET /api/runs/:runId` for a read of the run: the same for the Hono route
 * (run-read-routes.ts) and the run read lane (src/server/middleware/run-read-lane.ts).
 *
 * The run part of the body is serialised and compressed once per cached copy and shared by every
 * viewer of that copy; only the freshness (age, stale) is written per response. The body holds
 * nothing per person (the run as the upstream told it, and how fresh the copy is), so sharing it
 * is safe; cookies and budget headers stay per response.
 *
 * The weak ETag names the run bytes and the copy's fetch time and state, not its age: a client
 * holding that body holds the same run and the same freshness apart from the age, so
 * `If-None-Match` with it gets a 304.
 *
 * A built head costs no extra turn of the event loop: the answer is a promise only while the
 * copy's bytes are being made.
 */
export function runReadAnswer(
  bodies: ResponseBytesCache,
  key: string,
  read: Read<RunRecord>,
  request: RunReadRequest,
  now = Date.now(),
): RunReadAnswer | Promise<RunReadAnswer> {
  const plainHead = bodies.head(key, read.value, null, serializeRunHead);
  return plainHead instanceof Promise
    ? plainHead.then((plain) => finishAnswer(bodies, key, read, request, now, plain))
    : finishAnswer(bodies, key, read, request, now, plainHead);
}

/** The coding of a run read by Accept-Encoding, decided once per header: a browser sends the same one on every poll. */
const runCodingFor = new RememberedStrings((acceptEncoding) => negotiateEncoding(acceptEncoding, ['gzip', 'br']));

/** The shared head of a run read's body: the run, then the start of the freshness written per response. */
function serializeRunHead(record: RunRecord): string {
  return `{"run":${JSON.stringify(runViewForResponse(record.view))},"freshness":`;
}

/** `runReadAnswer` once the plain head is built (made apart, so a read answered from built bytes makes no closure). */
function finishAnswer(
  bodies: ResponseBytesCache,
  key: string,
  read: Read<RunRecord>,
  request: RunReadRequest,
  now: number,
  plain: SharedHead,
): RunReadAnswer | Promise<RunReadAnswer> {
  const { body: freshness, headers } = describeFreshness(read, now);
  const accepted = request.head || !request.acceptEncoding ? null : runCodingFor.of(request.acceptEncoding);
  const coding = plain.plainLength >= COMPRESS_MIN_BYTES ? accepted : null;
  const codedHead = coding === null ? plain : bodies.head(key, read.value, coding, serializeRunHead);
  // The fetch time as `freshness.fetchedAt` states it (whole milliseconds), in base 36.
  const etag = `W/"${plain.tag}.${Math.floor(read.fetchedAt).toString(36)}${freshness.stale ? `.stale.${freshness.staleReason ?? ''}` : ''}"`;
  headers.push(['ETag', etag], ['Vary', 'Accept-Encoding']);
  if (matchesIfNoneMatch(request.ifNoneMatch, etag)) return { status: 304, headers, body: null };
  headers.push(['Content-Type', 'application/json']);
  if (coding) headers.push(['Content-Encoding', coding]);
  const tail = `${JSON.stringify(freshness)}}`;
  if (codedHead instanceof Promise) return codedHead.then((head) => ({ status: 200, headers, body: completeBody(head, tail) }));
  return { status: 200, headers, body: completeBody(codedHead, tail) };
}

/** The key of a run read's shared bytes: the run and its sections, in their canonical order. */
export function runReadKey(runId: string, includeKey: string): string {
  return `${runId}?${includeKey}`;
}

/** The sections as they appear in `runReadKey`. */
export function includeKeyOf(include: readonly RunInclude[]): string {
  return canonicalIncludes(include).join(',');
}

/** Sends a `runReadAnswer` through Hono. */
export async function sendRunReadAnswer(c: Context<AppEnv>, answer: RunReadAnswer | Promise<RunReadAnswer>): Promise<Response> {
  const { headers, body } = answer instanceof Promise ? await answer : answer;
  for (const [name, value] of headers) c.header(name, value);
  // A body is sent with 200, none with 304.
  return body === null ? c.body(null, 304) : c.body(body as Uint8Array<ArrayBuffer>, 200);
}

/**
 * The sections asked for in `include=` values (comma lists, repeatable), or null when one is not
 * a section (or there are more than ten names).
 */
export function includesOf(values: readonly string[] | undefined): RunInclude[] | null {
  const names = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length > 10 || names.some((name) => !(RUN_INCLUDES as readonly string[]).includes(name))) return null;
  return names as RunInclude[];
}

/** `includesOf`, refusing what it does not accept with the route's 400. */
export function parseInclude(values: readonly string[] | undefined): RunInclude[] {
  const include = includesOf(values);
  if (include === null) {
    throw new ApiHttpError(API_ERROR.invalid_request, `include may only list ${RUN_INCLUDES.join(', ')}`, { details: { parameter: 'include' } });
  }
  return include;
}

/**
 * The `include=` values of a query string (after `?`) made of nothing else and needing no
 * decoding (no `%`, no `+`): what a browser sends. Null for any other query, which is read the
 * long way (Hono's query parsing and the unknown-parameter check).
 */
export function plainIncludeQuery(query: string): string[] | null {
  if (query === '') return [];
  const values: string[] = [];
  for (const part of query.split('&')) {
    if (!part.startsWith('include=')) return null;
    const value = part.slice('include='.length);
    if (value.includes('%') || value.includes('+') || value.includes('#')) return null;
    values.push(value);
  }
  return values;
}
