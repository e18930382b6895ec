import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  errorEnvelopeSchema,
  isJsonObject,
  jsonObjectSchema,
  listResponseSchema,
  taskRunListPageSchema,
  testResponseSchema,
  type UpstreamErrorItem,
  type UpstreamJsonObject,
  type UpstreamTaskRunListPage,
} from '@/contract/upstream';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import { BudgetRefusal, RequestBudget, type BudgetClaim, type BudgetPermit, type CallOutcome, type RequestLane, type RequestPriority } from './request-budget';
import { requesterOf } from './requester-context';
import { failureForThisReadOnly } from './read-cache';
import { RunExistence } from './run-existence';
import { canonicalIncludes, type RunInclude } from './run-include';
import { runListQueryString, type RunListFilters } from './run-list-filters';
import { UpstreamError, errorItemLabels, forbiddenKind, isTransient } from './upstream-error';
import { plainBasePath, upstreamPaths, upstreamTarget, type UpstreamOperation } from './upstream-paths';
import { createUpstreamTransport, type TransportResponse, type UpstreamTransport } from './upstream-transport';

/**
 * The only code that talks to the upstream API. It sends a fixed set of headers (never anything
 * from the browser), follows no redirects, bounds every call with a per-attempt timeout and an
 * overall deadline, retries reads (not writes) on transient failures with full-jitter backoff,
 * waits its turn in the shared request budget, and parses every answer with the contract schemas.
 *
 * Scheduling: every call is claimed in the budget for the requester (session) it is made for. A
 * run id the upstream answered "not found" for is answered from memory for a while; a lookup of an
 * id never seen to exist goes in the budget's `unseen` lane, behind reads of runs known to exist
 * (a run the run index holds was seen: the upstream's events told of it). Event log reads go in the
 * `catch_up` and `backfill` lanes, behind every read someone waits for.
 */

/** A list page whose items are read one by one by the run reader (one bad item costs only itself). */
export type UpstreamTaskRunList = UpstreamTaskRunListPage;

export interface UpstreamReply<T> {
  data: T;
  upstreamRequestId: string | null;
}

export interface ReadOptions {
  priority?: RequestPriority;
  /** `backfill`: Runwatch's own upkeep reads of runs (e.g. a failed run's errors), behind everything else. */
  lane?: 'backfill';
  /** Whose share of the budget the call draws on; absent: the caller's (see requester-context.ts). */
  requester?: string | null;
}

/** Query of one `GET /events` page; the log comes newest first. */
export interface EventListParams {
  /** Exact types or prefix patterns such as `task_run.*`. */
  types?: readonly string[];
  /** Strictly after / before these instants (ISO 8601). */
  createdAfter?: string;
  createdBefore?: string;
  limit?: number;
  cursor?: string | null;
}

/** Why Runwatch reads the event log: following it as it grows, or filling the retained window once. */
export type EventReadPurpose = 'catch_up' | 'backfill';

/** A page of events not read yet: the intake reads each event on its own, so one bad event costs only itself. */
const eventListPageSchema = listResponseSchema(z.unknown());
export type UpstreamEventListPage = z.output<typeof eventListPageSchema>;

/** A page of screenshots not read yet: one item that cannot be read costs only itself. */
const screenshotListPageSchema = listResponseSchema(z.unknown());
export type UpstreamScreenshotListPage = z.output<typeof screenshotListPageSchema>;

export interface UpstreamClient {
  /** Base URL including `/v2`. */
  readonly baseUrl: string;
  /** `host[:port]` of the upstream, always allowed for file downloads. */
  readonly host: string;
  readonly budget: RequestBudget;
  /** Which run ids this client saw exist or answered "not found". */
  readonly existence: RunExistence;
  testKey(): Promise<UpstreamReply<z.infer<typeof testResponseSchema>>>;
  /** The run's JSON object as sent; the run reader reads it part by part. */
  getRun(runId: string, include: readonly RunInclude[], options?: ReadOptions): Promise<UpstreamReply<UpstreamJsonObject>>;
  listRuns(filters: RunListFilters, options?: ReadOptions): Promise<UpstreamReply<UpstreamTaskRunList>>;
  /** One page of `GET /task-runs/{id}/screenshots` (oldest first); items are read one by one by the caller. */
  listRunScreenshots(runId: string, page: { cursor: string | null; limit: number }, options?: ReadOptions): Promise<UpstreamReply<UpstreamScreenshotListPage>>;
  /** Resolves for any 2xx (the upstream accepted the answer); `data` is the body as sent, if any. */
  submitInteraction(runId: string, input: Record<string, string>, idempotencyKey: string): Promise<UpstreamReply<unknown>>;
  /** Resolves for any 2xx (the upstream accepted the cancel request); `data` is the body as sent, if any. */
  cancelRun(runId: string, idempotencyKey: string): Promise<UpstreamReply<unknown>>;
  listEvents(params: EventListParams, purpose: EventReadPurpose): Promise<UpstreamReply<UpstreamEventListPage>>;
  /** `POST /event-destinations` (the webhook setup command); the answer carries the signing secret. */
  createEventDestination(body: Record<string, unknown>): Promise<UpstreamReply<UpstreamJsonObject>>;
}

export interface UpstreamClientOptions {
  baseUrl: string;
  apiKey: string;
  log: Logger;
  budget?: RequestBudget;
  attemptTimeoutMs?: number;
  readDeadlineMs?: number;
  writeDeadlineMs?: number;
  maxReadRetries?: number;
  retryBaseDelayMs?: number;
  /** Largest upstream response body (after decompression) buffered; larger answers fail clearly. */
  maxResponseBytes?: number;
  /** How long a "not found" answer for a run id is remembered. */
  notFoundTtlMs?: number;
  /** Whether a run was seen before this process started, or by another replica (e.g. in the observation store). */
  isKnownRun?: (runId: string) => Promise<boolean>;
  /**
   * Whether the run index (built from the upstream's events) holds the run: the upstream said it
   * exists, so opening it from the runs list is a read of a known run, not a lookup of an unseen id.
   */
  isIndexedRun?: (runId: string) => Promise<boolean>;
  random?: () => number;
  /** Replaces the keep-alive HTTP transport (the default is made for `baseUrl`). */
  transport?: UpstreamTransport;
}

export const USER_AGENT = 'Runwatch/0.1';

/** The only headers an upstream request can carry. */
export const UPSTREAM_HEADER_ALLOW_LIST = ['authorization', 'accept', 'content-type', 'idempotency-key', 'user-agent'] as const;

interface CallSpec<T> {
  operation: UpstreamOperation;
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  body?: unknown;
  idempotencyKey?: string;
  priority: RequestPriority;
  /** `unseen`: a lookup of a run id never seen to exist. Default `known`. */
  lane?: RequestLane;
  /** Absent: the requester of the code calling (taken before `call` first awaits). */
  requester?: string | null;
  schema: z.ZodType<T>;
  /** Any 2xx is success whatever its body (200 with a run, 202/204 empty, something else): actions. */
  anyBody?: boolean;
}

/** What an action's 2xx body is taken as: whatever it is, the action was accepted. */
const ACCEPTED_BODY = z.unknown();

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const base = new URL(baseUrl);
  const basePath = plainBasePath(baseUrl);
  const origin = base.origin;
  const log = options.log.child({ component: 'upstream' });
  const debugEnabled = log.isEnabled?.('debug') ?? true;
  const budget = options.budget ?? new RequestBudget();
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  const readDeadlineMs = options.readDeadlineMs ?? 12_000;
  const writeDeadlineMs = options.writeDeadlineMs ?? 15_000;
  const maxReadRetries = options.maxReadRetries ?? 2;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const existence = new RunExistence({ notFoundTtlMs: options.notFoundTtlMs });
  /** First lookups of unseen ids under way: a page opening one run reads it in several ways at once. */
  const firstLookups = new Map<string, Promise<unknown>>();
  const isKnown = (runId: string): boolean => existence.isKnown(runId);
  /**
   * Asks the observations, then the run index, once per run not known yet; what they say is kept
   * in `existence`. One that cannot answer leaves the run unseen: its lane is smaller, nothing worse.
   */
  const learnFromIndex = async (runId: string): Promise<void> => {
    for (const source of [options.isKnownRun, options.isIndexedRun]) {
      if (!source) continue;
      if (isKnown(runId) || existence.notFound(runId)) return;
      try {
        if (await source(runId)) existence.noteExists(runId);
      } catch {
        // Asked again at the next read.
      }
    }
  };
  const random = options.random ?? Math.random;
  const authorization = `Bearer ${options.apiKey}`;
  /** The headers of a call without a body, built once (the transport copies what it sends). */
  const readHeaders: Partial<Record<(typeof UPSTREAM_HEADER_ALLOW_LIST)[number], string>> = Object.freeze({
    authorization,
    accept: 'application/json',
    'user-agent': USER_AGENT,
  });
  const transport = options.transport ?? createUpstreamTransport({ origin: new URL(base.origin) });

  async function call<T>(spec: CallSpec<T>): Promise<UpstreamReply<T>> {
    const isRead = spec.method === 'GET';
    const started = performance.now();
    const deadlineMs = isRead ? readDeadlineMs : writeDeadlineMs;
    const path = upstreamTarget(baseUrl, basePath, spec.path, spec.query);
    const maxAttempts = isRead ? 1 + maxReadRetries : 1;
    const claim: BudgetClaim = { priority: spec.priority, lane: spec.lane ?? 'known', requester: requesterOf(spec.requester) };

    let lastFailure: UpstreamError | null = null;
    for (let attempt = 1; ; attempt++) {
      if (deadlineRemaining(started, deadlineMs) <= 0) throw deadlineFailure(lastFailure);
      // Most calls find a free token; only a real wait needs a promise, a queue entry and a timer.
      const permit = budget.tryTake(claim) ?? (await waitForPermit(claim, started, deadlineMs, lastFailure));

      let failure: UpstreamError;
      try {
        const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, deadlineRemaining(started, deadlineMs)));
        const exchangeStarted = performance.now();
        let reply: UpstreamReply<T>;
        try {
          reply = await attemptOnce(spec, path, timeoutMs);
        } catch (error) {
          metrics.upstreamFailed(origin, spec.operation, exchangeStarted, error);
          budget.settle(permit, outcomeOf(error));
          throw error;
        }
        metrics.upstreamAnswered(origin, spec.operation, exchangeStarted);
        budget.settle(permit, ANSWERED);
        // Skipped before its fields are built: this runs once per upstream read.
        if (debugEnabled) {
          log.debug('upstream call', {
            operation: spec.operation,
            method: spec.method,
            attempt,
            durationMs: Math.round(performance.now() - started),
            upstreamRequestId: reply.upstreamRequestId,
          });
        }
        return reply;
      } catch (error) {
        failure = error instanceof UpstreamError ? error : new UpstreamError('network', 'upstream call failed', { cause: error });
      }
      lastFailure = failure;

      const remainingMs = deadlineRemaining(started, deadlineMs);
      const retryable =
        attempt < maxAttempts && remainingMs > 0 && (isTransient(failure) || (failure.kind === 'rate_limited' && budget.pausedForMs() < remainingMs));
      log.warn('upstream call failed', {
        operation: spec.operation,
        method: spec.method,
        attempt,
        kind: failure.kind,
        status: failure.httpStatus,
        upstreamRequestId: failure.upstreamRequestId,
        willRetry: retryable,
      });
      if (!retryable) throw failure.kind === 'rate_limited' ? deadlineFailure(failure) : failure;
      if (failure.kind !== 'rate_limited') {
        // Full jitter: a random wait up to an exponentially growing cap, so retries do not line up.
        // The cap never passes the deadline, so the wait needs no abort signal of its own.
        const capMs = Math.min(retryBaseDelayMs * 2 ** (attempt - 1), remainingMs);
        await sleep(Math.floor(random() * capMs));
      }
    }
  }

  /** Waits for leave to send; a refusal or the deadline ends the call with the fitting failure. */
  async function waitForPermit(claim: BudgetClaim, started: number, deadlineMs: number, last: UpstreamError | null): Promise<BudgetPermit> {
    const remainingMs = deadlineRemaining(started, deadlineMs);
    try {
      return await metrics.budgetWait(
        claim.lane ?? 'known',
        budget.take(claim, { signal: AbortSignal.timeout(Math.max(1, Math.ceil(remainingMs))), maxWaitMs: remainingMs }),
      );
    } catch (error) {
      if (!(error instanceof BudgetRefusal)) throw deadlineFailure(last);
      // A retry refused after a real failure reports that failure; it says more.
      if (last && last.kind !== 'rate_limited') throw last;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
      // No upstream call was spent, and another requester may have a share left: not for the cache to remember.
      throw failureForThisReadOnly(
        error.reason === 'paused'
          ? new UpstreamError('rate_limited', 'the upstream rate limit was reached; Runwatch is waiting before trying again', {
              ...last?.details,
              retryAfterSeconds,
            })
          : new UpstreamError('busy', 'Runwatch is holding back to stay inside the upstream rate limit', { retryAfterSeconds }),
      );
    }
  }

  /** What to report when the deadline ends while waiting: the last attempt's failure, or our own budget. */
  function deadlineFailure(last: UpstreamError | null): UpstreamError {
    const retryAfterSeconds = Math.max(1, Math.ceil(budget.pausedForMs() / 1000));
    if (!last) {
      return new UpstreamError('busy', 'Runwatch is holding back to stay inside the upstream rate limit', { retryAfterSeconds });
    }
    if (last.kind === 'rate_limited') return new UpstreamError('rate_limited', last.message, { ...last.details, retryAfterSeconds });
    if (last.kind === 'server' || last.kind === 'network') return last;
    return new UpstreamError('timeout', 'the upstream did not answer in time', { ...last.details });
  }

  async function attemptOnce<T>(spec: CallSpec<T>, path: string, timeoutMs: number): Promise<UpstreamReply<T>> {
    let headers = readHeaders;
    if (spec.body !== undefined || spec.idempotencyKey) {
      headers = { ...readHeaders };
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    }

    let response: TransportResponse;
    try {
      response = await transport.send({
        method: spec.method,
        path,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        timeoutMs,
        maxBytes: maxResponseBytes,
      });
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw new UpstreamError('network', 'could not reach the upstream', { cause: error });
    }
    const text = response.text;

    const status = response.status;
    const json = parseJson(text);
    // Only a body with a non-empty `errors` array can be an error envelope; skip the parse otherwise.
    const envelope = hasErrorItems(json) ? errorEnvelopeSchema.safeParse(json) : null;
    // Only a well-formed `req_…` id is kept: an upstream echoing the request could put anything there.
    const upstreamRequestId = requestIdOf(json);
    const items: UpstreamErrorItem[] = envelope?.success ? envelope.data.errors : [];
    const details = { httpStatus: status, upstreamRequestId, items };

    if (status >= 200 && status < 300) {
      if (spec.anyBody) return { data: json, upstreamRequestId } as UpstreamReply<T>;
      if (json === undefined) throw new UpstreamError('bad_response', 'the upstream sent a body that is not JSON', details);
      // A run is any JSON object, read part by part later: checked by type here, not by a schema per read.
      if (spec.schema === jsonObjectSchema && isJsonObject(json)) return { data: json as T, upstreamRequestId };
      const parsed = spec.schema.safeParse(json);
      if (!parsed.success) {
        throw new UpstreamError('bad_response', 'the upstream sent a response that does not match its contract', {
          ...details,
          cause: parsed.error,
        });
      }
      return { data: parsed.data, upstreamRequestId };
    }
    if (status >= 300 && status < 400) throw new UpstreamError('redirect', 'the upstream answered with a redirect', details);
    if (status === 429) {
      const retryAfterSeconds = parseRetryAfter(headerValue(response.headers['retry-after']));
      throw new UpstreamError('rate_limited', 'the upstream rate limit was reached', { ...details, retryAfterSeconds });
    }
    if (status === 401) throw new UpstreamError('auth', 'the upstream rejected the configured key', details);
    if (status === 403) {
      const labels = errorItemLabels(json);
      const kind = forbiddenKind(labels);
      const message =
        kind === 'organization_blocked'
          ? "the upstream refused the organization's plan or entitlement"
          : kind === 'source_blocked'
            ? 'the upstream refused access to this source'
            : 'the upstream rejected the configured key';
      throw new UpstreamError(kind, message, { ...details, labels });
    }
    if (status === 404) throw new UpstreamError('not_found', 'the upstream does not know this resource', details);
    if (status >= 400 && status < 500) throw new UpstreamError('rejected', 'the upstream rejected the request', details);
    throw new UpstreamError('server', `the upstream failed with HTTP ${status}`, details);
  }

  return {
    baseUrl,
    host: base.host,
    budget,
    existence,
    testKey: () => call({ operation: 'test', method: 'GET', path: upstreamPaths.test(), priority: 'interactive', schema: testResponseSchema }),
    getRun: async (runId, include, opts = {}) => {
      // Taken before the first await, which ends the caller's requester context.
      const requester = requesterOf(opts.requester);
      const includes = canonicalIncludes(include);
      const path = upstreamPaths.run(runId);
      // A run already known (or answered "not found") has nothing to learn: no await for it.
      if (!isKnown(runId) && !existence.notFound(runId)) await learnFromIndex(runId);
      // Only one first lookup of an id spends the unseen lane; the others learn from its answer.
      const first = isKnown(runId) ? undefined : firstLookups.get(runId);
      if (first) await first.catch(() => {});
      const remembered = existence.notFound(runId);
      if (remembered) throw remembered;
      const unseen = !existence.isKnown(runId);
      const lookup = (async () => {
        try {
          const reply = await call({
            operation: 'run',
            method: 'GET',
            path,
            query: includes.length ? `include=${includes.join(',')}` : undefined,
            priority: opts.priority ?? 'interactive',
            lane: opts.lane ?? (unseen ? 'unseen' : 'known'),
            requester,
            schema: jsonObjectSchema,
          });
          if (reply.data.id === runId) existence.noteExists(runId);
          return reply;
        } catch (error) {
          if (error instanceof UpstreamError && error.kind === 'not_found') existence.noteNotFound(runId, error);
          throw error;
        }
      })();
      if (unseen && !firstLookups.has(runId)) {
        firstLookups.set(runId, lookup);
        void lookup.then(
          () => firstLookups.delete(runId),
          () => firstLookups.delete(runId),
        );
      }
      return lookup;
    },
    listRuns: async (filters, opts = {}) => {
      const reply = await call({
        operation: 'listRuns',
        method: 'GET',
        path: upstreamPaths.listRuns(),
        query: runListQueryString(filters) || undefined,
        priority: opts.priority ?? 'interactive',
        requester: opts.requester,
        schema: taskRunListPageSchema,
      });
      for (const item of reply.data.data) {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === 'string') existence.noteExists(id);
      }
      return reply;
    },
    listRunScreenshots: (runId, page, opts = {}) => {
      const query = new URLSearchParams({ limit: String(page.limit) });
      if (page.cursor !== null) query.set('cursor', page.cursor);
      return call({
        operation: 'runScreenshots',
        method: 'GET',
        path: upstreamPaths.runScreenshots(runId),
        query: query.toString(),
        priority: opts.priority ?? 'background',
        requester: opts.requester,
        schema: screenshotListPageSchema,
      });
    },
    submitInteraction: (runId, input, idempotencyKey) =>
      call({
        operation: 'interaction',
        method: 'POST',
        path: upstreamPaths.interaction(runId),
        body: { input },
        idempotencyKey,
        priority: 'action',
        schema: ACCEPTED_BODY,
        anyBody: true,
      }),
    cancelRun: (runId, idempotencyKey) =>
      call({
        operation: 'cancel',
        method: 'POST',
        path: upstreamPaths.cancel(runId),
        body: {},
        idempotencyKey,
        priority: 'action',
        schema: ACCEPTED_BODY,
        anyBody: true,
      }),
    listEvents: (params, purpose) =>
      call({
        operation: 'listEvents',
        method: 'GET',
        path: upstreamPaths.listEvents(),
        query: eventListQueryString(params) || undefined,
        ...EVENT_READ_CLAIMS[purpose],
        schema: eventListPageSchema,
      }),
    createEventDestination: (body) =>
      call({
        operation: 'createEventDestination',
        method: 'POST',
        path: upstreamPaths.createEventDestination(),
        body,
        priority: 'action',
        schema: jsonObjectSchema,
      }),
  };
}

/**
 * Where event reads stand in the budget: lanes of their own, behind every read someone waits for
 * (back-fill behind everything and leaving headroom; see request-budget.ts). They wait their turn
 * up to the read deadline; a refusal (lane full, long pause) reaches the catch-up reader as `busy`.
 */
const EVENT_READ_CLAIMS: Record<EventReadPurpose, { priority: RequestPriority; lane: RequestLane }> = {
  catch_up: { priority: 'background', lane: 'catch_up' },
  backfill: { priority: 'background', lane: 'backfill' },
};

function eventListQueryString(params: EventListParams): string {
  const query = new URLSearchParams();
  for (const type of params.types ?? []) query.append('type', type);
  if (params.createdAfter) query.set('created_after', params.createdAfter);
  if (params.createdBefore) query.set('created_before', params.createdBefore);
  if (params.limit !== undefined) query.set('limit', String(params.limit));
  if (params.cursor) query.set('cursor', params.cursor);
  return query.toString();
}

/** A generous default: the largest run JSON seen in practice is a few MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const ANSWERED: CallOutcome = { kind: 'answered' };

/** What an attempt's failure says about the upstream's rate limit. */
function outcomeOf(error: unknown): CallOutcome {
  if (!(error instanceof UpstreamError)) return { kind: 'failed' };
  if (error.kind === 'rate_limited') return { kind: 'rate_limited', retryAfterSeconds: error.details.retryAfterSeconds ?? null };
  return error.kind === 'network' || error.kind === 'timeout' ? { kind: 'failed' } : ANSWERED;
}

function deadlineRemaining(started: number, deadlineMs: number): number {
  return deadlineMs - (performance.now() - started);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function requestIdOf(json: unknown): string | null {
  if (json && typeof json === 'object' && 'request_id' in json) {
    const value = (json as { request_id: unknown }).request_id;
    if (typeof value === 'string' && /^req_[A-Za-z0-9_-]{1,96}$/.test(value)) return value;
  }
  return null;
}

/**
 * `Retry-After` as seconds (delta or HTTP date), clamped to 0–300; null when absent or unreadable.
 * The request budget bounds the pause it causes further (see request-budget.ts).
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d{1,6}$/.test(trimmed)) return Math.min(300, Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.min(300, Math.max(0, Math.ceil((date - now) / 1000)));
}

function hasErrorItems(json: unknown): boolean {
  return typeof json === 'object' && json !== null && Array.isArray((json as { errors?: unknown }).errors) && (json as { errors: unknown[] }).errors.length > 0;
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
