import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventSource } from '../store/event-store';
import type { RequestLane } from '../upstream/request-budget';
import type { UpstreamOperation } from '../upstream/upstream-paths';
import { FixedLabelCounter, FixedLabelHistogram } from './fixed-label-metrics';
import { noteUpstreamAnswer } from './upstream-health';

/**
 * The process's Prometheus counters and histograms, and the one-line seams that move them. Each
 * seam is called where the thing happens (upstream client, read cache, event intake, catch-up,
 * sign-in, HTTP middleware), so those files need one line and no knowledge of prom-client.
 * Figures that are a state rather than a count (budget tokens, catch-up age) are read from the
 * app's own objects when scraped (see app-gauges.ts).
 *
 * Every label takes values from a small fixed set (operation names, failure kinds, route
 * patterns, outcomes): never ids, paths or names people typed, so the series stay few.
 *
 * The figures every run read moves (HTTP latency, cache reads, upstream calls) are the fixed-label
 * kind (fixed-label-metrics.ts), which skips prom-client's per-call label hashing and prints the same.
 */

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Seconds; from a cached read (~1 ms) to the upstream's 12 s read deadline. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** The upstream route each operation calls, as a template (ids left out). */
const UPSTREAM_ROUTES: Record<UpstreamOperation, string> = {
  test: 'GET /test',
  listRuns: 'GET /task-runs',
  run: 'GET /task-runs/{id}',
  interaction: 'POST /task-runs/{id}/interaction',
  cancel: 'POST /task-runs/{id}/cancel',
  runScreenshots: 'GET /task-runs/{id}/screenshots',
  listEvents: 'GET /events',
  createEventDestination: 'POST /event-destinations',
};

const upstreamCalls = new FixedLabelCounter({
  name: 'runwatch_upstream_calls_total',
  help: 'Upstream HTTP exchanges (each attempt, retries included) by upstream route and outcome (ok, or the failure kind).',
  labelNames: ['route', 'outcome'] as const,
  registers: [metricsRegistry],
});

const upstreamDuration = new FixedLabelHistogram({
  name: 'runwatch_upstream_call_duration_seconds',
  help: 'Time of one upstream HTTP exchange, by upstream route.',
  labelNames: ['route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

const budgetWait = new Histogram({
  name: 'runwatch_budget_wait_seconds',
  help: 'Time an upstream call that found no free token waited for leave from the request budget, by lane and result (granted, refused).',
  labelNames: ['lane', 'result'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers: [metricsRegistry],
});

const cacheReads = new FixedLabelCounter({
  name: 'runwatch_read_cache_reads_total',
  help: 'Reads of the upstream read caches: hit (fresh copy), coalesced (joined a fetch under way), failure_hit (a remembered failure), miss (fetched).',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
});

const eventsIngested = new Counter({
  name: 'runwatch_events_ingested_total',
  help: 'Upstream events taken in, by how they came (catch_up, backfill, webhook) and result (inserted, duplicate, skipped).',
  labelNames: ['source', 'result'] as const,
  registers: [metricsRegistry],
});

const webhookDeliveries = new Counter({
  name: 'runwatch_webhook_deliveries_total',
  help: 'Webhook deliveries by outcome (accepted, duplicate, rejected, failed) and, for rejected ones, the reason.',
  labelNames: ['outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

const catchUpPasses = new Counter({
  name: 'runwatch_event_catch_up_passes_total',
  help: 'Rounds of the event catch-up reader (a catch-up pass and any back-fill slice) by outcome (ok, busy, failed).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const signIns = new Counter({
  name: 'runwatch_sign_ins_total',
  help: 'Sign-in attempts by outcome (signed_in, invalid, locked, busy, password_change_required, weak_password).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const httpDuration = new FixedLabelHistogram({
  name: 'runwatch_http_request_duration_seconds',
  help: 'Time to answer a request to Runwatch, by method, route pattern and status class.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Outcome label of a failed promise: an error's `kind` when it has a short one, else `error`. */
function failureKind(error: unknown): string {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && /^[a-z_]{1,32}$/.test(kind) ? kind : 'error';
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx', '6xx', '7xx', '8xx', '9xx'];

/** `2xx` for 204: one of a few fixed strings, not a new one per request. */
function statusClass(status: number): string {
  const digit = Math.floor(status / 100);
  return STATUS_CLASSES[digit] ?? `${digit}xx`;
}

/** Seams: each moves one figure; those given a promise hand it back. */
export const metrics = {
  /**
   * One upstream exchange that succeeded, timed from `startedAt` (performance.now()); tells
   * upstream-health.ts the upstream answered. Called by the client as the exchange settles, rather
   * than wrapping its promise: this runs once per upstream read.
   */
  upstreamAnswered(origin: string, operation: UpstreamOperation, startedAt: number): void {
    const route = UPSTREAM_ROUTES[operation];
    upstreamDuration.observe({ route }, (performance.now() - startedAt) / 1000);
    upstreamCalls.inc({ route, outcome: 'ok' });
    noteUpstreamAnswer(origin, null);
  },

  /** One upstream exchange failed: counted by the failure's kind, timed and told as `upstreamAnswered` is. */
  upstreamFailed(origin: string, operation: UpstreamOperation, startedAt: number, error: unknown): void {
    const route = UPSTREAM_ROUTES[operation];
    upstreamDuration.observe({ route }, (performance.now() - startedAt) / 1000);
    const kind = failureKind(error);
    upstreamCalls.inc({ route, outcome: kind });
    noteUpstreamAnswer(origin, kind);
  },

  /** A wait for leave from the request budget (calls that found a token at once never come here). */
  budgetWait<T>(lane: RequestLane, permit: Promise<T>): Promise<T> {
    const stopTimer = budgetWait.startTimer({ lane });
    permit.then(
      () => stopTimer({ result: 'granted' }),
      () => stopTimer({ result: 'refused' }),
    );
    return permit;
  },

  cacheRead(cache: string, result: 'hit' | 'coalesced' | 'failure_hit' | 'miss'): void {
    cacheReads.inc({ cache, result });
  },

  eventsIngested(source: EventSource, counts: { inserted: number; duplicates: number; skipped: number }): void {
    if (counts.inserted > 0) eventsIngested.inc({ source, result: 'inserted' }, counts.inserted);
    if (counts.duplicates > 0) eventsIngested.inc({ source, result: 'duplicate' }, counts.duplicates);
    if (counts.skipped > 0) eventsIngested.inc({ source, result: 'skipped' }, counts.skipped);
  },

  webhookDelivery(outcome: 'accepted' | 'duplicate' | 'failed' | 'rejected', reason = 'none'): void {
    webhookDeliveries.inc({ outcome, reason });
  },

  /** `busy`: Runwatch's own budget said "not now" (no failure of the upstream). */
  catchUpPass(outcome: 'ok' | 'busy' | 'failed'): void {
    catchUpPasses.inc({ outcome });
  },

  /** A sign-in's result as the sign-in service gives it, counted by its kind; hands it back unchanged. */
  signIn<const T extends { kind: string }>(result: T): T {
    signIns.inc({ outcome: result.kind });
    return result;
  },

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    httpDuration.observe({ method, route, status: statusClass(status) }, seconds);
  },
};
