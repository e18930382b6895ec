import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { isValidId } from '@/contract/ids';
import { ROLE } from '@/contract/roles';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import { includeKeyOf, includesOf, plainIncludeQuery, runReadAnswer, runReadKey } from '../routes/shared-run-response';
import type { ResponseBytesCache } from '../runs/response-bytes-cache';
import type { RunReader } from '../runs/run-reader';
import { runForRequester } from '../upstream/requester-context';
import type { RunInclude } from '../upstream/run-include';
import { apiErrorToAnswer } from '../http/answer-error';
import { callerRequestOfIncoming, hasOneCookieLine } from '../http/caller-request';
import { roleAtLeast, type IdentifyCaller, type Principal } from '../http/principal';
import { requesterKeyOf } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { apiErrorAnswer } from './api-error-answer';
import { REQUEST_ID_HEADER, newRequestId } from './request-context';
import { API_ANSWER_SECURITY_HEADERS } from './security-headers';

const PREFIX = '/api/runs/';
/** The route's pattern, as the Hono route counts it in metrics. */
export const RUN_READ_ROUTE = '/api/runs/:runId';
/** The route's policy (src/server/routes/run-read-routes.ts): the lane answers callers the app would let through. */
export const RUN_READ_POLICY = ROLE.viewer;
const REQUEST_ID = REQUEST_ID_HEADER.toLowerCase();
/** Written on every answer of the lane, after the answer's own headers (security-headers.ts). */
const CONSTANT_HEADERS: readonly string[] = API_ANSWER_SECURITY_HEADERS.flat();

export interface RunReadLaneDeps {
  reader: RunReader;
  /** The run read route's bytes cache, so both paths hand out the same bytes and ETags. */
  bodies: ResponseBytesCache;
  identify: IdentifyCaller;
  log: Logger;
  /** Every request the lane does not answer, unchanged: the Hono app's listener. */
  next: RequestListener;
}

/**
 * The run read lane: `GET /api/runs/:runId` (with at most `include=`), the one route every open run
 * page polls, answered straight on the node:http request, without the fetch Request/Response and
 * Hono's middleware chain, which cost more CPU than the read itself once its bytes are cached.
 * It decides who is calling as the app does (the same core function), answers with the same code
 * (runReadAnswer, the app's error envelope) and adds the same envelope: request id, security
 * headers, metrics, the debug access line. Anything else — another method or path, another query,
 * an id the route would refuse, nobody signed in or too low a role — goes to `next` as it came, and
 * the app answers as it always does. Once the upstream was asked, the lane answers itself (errors
 * too), so the read is never repeated.
 */
export function runReadLane(deps: RunReadLaneDeps): RequestListener {
  const { next } = deps;
  const sections = new SectionsOfQuery();
  return (incoming, outgoing) => {
    const target = laneTarget(incoming, sections);
    if (target === null) {
      void next(incoming, outgoing);
      return;
    }
    serve(deps, incoming, outgoing, target).catch((error: unknown) => {
      // Only writing the answer can get here; the answer may be half sent.
      deps.log.error('run read lane failed', { error });
      outgoing.destroy();
    });
  };
}

interface Sections {
  include: RunInclude[];
  /** As in the key of the shared bytes (runReadKey). */
  key: string;
}

interface LaneTarget extends Sections {
  runId: string;
}

/** The sections a query string asks for, remembered: pages poll with the same few queries. */
class SectionsOfQuery {
  static readonly #MAX = 64;
  readonly #known = new Map<string, Sections | null>();

  of(query: string): Sections | null {
    let found = this.#known.get(query);
    if (found === undefined) {
      const values = plainIncludeQuery(query);
      const include = values === null ? null : includesOf(values);
      found = include === null ? null : { include, key: includeKeyOf(include) };
      if (this.#known.size >= SectionsOfQuery.#MAX) this.#known.clear();
      this.#known.set(query, found);
    }
    return found;
  }
}

/** The run and sections of a request the lane answers, or null for one it hands on. */
function laneTarget(incoming: IncomingMessage, sections: SectionsOfQuery): LaneTarget | null {
  const url = incoming.url;
  if (incoming.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return null;
  const query = url.indexOf('?');
  const runId = query === -1 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, query);
  // The route's own id check (idParam): anything it would refuse, it refuses itself.
  if (!isValidId('run', runId)) return null;
  const found = sections.of(query === -1 ? '' : url.slice(query + 1));
  if (found === null || !hasOneCookieLine(incoming) || !acceptableHost(incoming.headers.host, url)) return null;
  return { runId, ...found };
}

/** @hono/node-server's quick host check (its `reValidHost`). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * False for a Host header @hono/node-server refuses with 400 before the app sees the request (its
 * `buildUrl`): such requests go to the app's listener, which answers them as it always does.
 */
function acceptableHost(host: string | undefined, url: string): boolean {
  if (!host) return false;
  if (PLAIN_HOST.test(host)) return true;
  try {
    const { hostname } = new URL(`http://${host}${url}`);
    return hostname.length === host.length || hostname === (host.includes(':') ? host.replace(/:\d+$/, '') : host).toLowerCase();
  } catch {
    return false;
  }
}

async function serve(deps: RunReadLaneDeps, incoming: IncomingMessage, outgoing: ServerResponse, target: LaneTarget): Promise<void> {
  const { runId, include } = target;
  const started = performance.now();
  const requestId = newRequestId();
  const acceptEncoding = incoming.headers['accept-encoding'];
  let principal: Principal | null = null;
  let status: number;
  let answerHeaders: readonly [string, string][] = [];
  try {
    principal = await deps.identify(callerRequestOfIncoming(incoming));
    // The app answers 401 and 403 as it always does.
    if (!principal || !roleAtLeast(principal.role, RUN_READ_POLICY)) {
      void deps.next(incoming, outgoing);
      return;
    }
    const cookie = incoming.headers.cookie;
    const read =
      deps.reader.peekRun(runId, include) ??
      (await runForRequester(requesterKeyOf(cookie, principal), () => deps.reader.readRun(runId, include)).catch((error: unknown) => {
        throw apiErrorFromUpstream(error, 'run');
      }));
    const pending = runReadAnswer(deps.bodies, runReadKey(runId, target.key), read, {
      head: false,
      acceptEncoding,
      ifNoneMatch: incoming.headers['if-none-match'],
    });
    const answer = pending instanceof Promise ? await pending : pending;
    status = answer.status;
    answerHeaders = answer.headers;
    send(outgoing, answer.status, answer.headers, requestId, answer.body, deps.log);
  } catch (error) {
    const answer = apiErrorAnswer(requestId, apiErrorToAnswer(error, deps.log.child({ requestId })), acceptEncoding);
    status = answer.status;
    send(outgoing, answer.status, answer.headers, requestId, answer.body, deps.log);
  }
  const seconds = (performance.now() - started) / 1000;
  metrics.httpRequest('GET', RUN_READ_ROUTE, status, seconds);
  if (deps.log.isEnabled?.('debug') ?? true) {
    const path = incoming.url!.split('?', 1)[0]!;
    const cache = answerHeaders.find(([name]) => name === 'X-Cache')?.[1];
    deps.log
      .child({ requestId })
      .debug('request', { method: 'GET', path: path.slice(0, 200), status, durationMs: Math.round(seconds * 10_000) / 10, cache, user: principal?.userId });
  }
}

/** Writes an answer with the app's envelope headers, in one `writeHead`. */
function send(
  outgoing: ServerResponse,
  status: number,
  own: readonly [string, string][],
  requestId: string,
  body: string | Buffer | Readable | null,
  log: Logger,
): void {
  const headers: string[] = [];
  for (const [name, value] of own) headers.push(name.toLowerCase(), value);
  for (const value of CONSTANT_HEADERS) headers.push(value);
  headers.push(REQUEST_ID, requestId);
  if (body instanceof Readable) {
    outgoing.writeHead(status, headers);
    // pipeline destroys both ends on a failure (a half-sent answer is cut off); it is logged once.
    pipeline(body, outgoing, (error) => {
      if (!error) return;
      outgoing.destroy();
      log.warn('run read lane could not send an answer', { requestId, error: error.message });
    });
    return;
  }
  if (body !== null) headers.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  outgoing.writeHead(status, headers);
  outgoing.end(body ?? undefined);
}
