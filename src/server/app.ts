import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { API_ERROR } from '../contract/api-errors';
import type { AppEnv } from './app-env';
import type { AuditSink } from './audit/audit-entry';
import type { Authenticate } from './http/principal';
import type { AppConfig } from './config';
import { createSignedFileFetcher, type SignedFileFetcher } from './files/signed-file-fetcher';
import { answerError } from './http/answer-error';
import { ApiHttpError, sendApiError } from './http/api-error';
import type { Logger } from './logger';
import { apiGuard } from './middleware/api-guard';
import { authorize } from './middleware/authorize';
import { requestEnvelope } from './middleware/request-envelope';
import type { CatchUpReader } from './events/catch-up-reader';
import type { EventIntake } from './events/event-intake';
import { webhookSigningKey } from './events/webhook-verifier';
import { attentionRoutes } from './routes/attention-routes';
import { boardRoutes } from './routes/board-routes';
import { eventStatusRoutes } from './routes/event-status-routes';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import { httpMetrics } from './metrics/http-metrics';
import { lookupRoutes } from './routes/lookup-routes';
import { RouteTable, type RouteSpec } from './http/route-table';
import { bulkCancelRoutes } from './routes/bulk-cancel-routes';
import { runActionRoutes } from './routes/run-action-routes';
import { runAuditSource, runBundleRoutes } from './routes/run-bundle-routes';
import { runExportRoutes } from './routes/run-export-routes';
import { runFileRoutes } from './routes/run-file-routes';
import { runReadRoutes } from './routes/run-read-routes';
import { runOutputRoutes } from './routes/run-output-routes';
import { failuresRoutes } from './routes/failures-routes';
import { FailureErrorBackfill, type FailureErrorBackfillOptions } from './runs/failure-error-backfill';
import { runScreenshotRoutes } from './routes/run-screenshot-routes';
import { eventFeedHealth } from './runs/event-feed-health';
import { ResponseBytesCache } from './runs/response-bytes-cache';
import { RunReader, type RunReaderTuning } from './runs/run-reader';
import { ScreenshotFeed } from './runs/screenshot-feed';
import { WEBHOOK_PATH, webhookBodyLimit, webhookRoutes } from './routes/webhook-routes';
import { watchlistRoutes } from './routes/watchlist-routes';
import { signalSettingsRoutes } from './routes/signal-settings-routes';
import { spaStatic } from './static/spa-static';
import type { EventStore } from './store/event-store';
import type { ObservationStore } from './store/observation-store';
import type { UserDataStore } from './store/user-data-store';
import type { UpstreamClient } from './upstream/upstream-client';

/** Largest request body any `/api` route accepts; interaction answers are tiny. */
export const API_BODY_LIMIT_BYTES = 16 * 1024;

export interface AppDeps {
  config: AppConfig;
  log: Logger;
  upstream: UpstreamClient;
  store: ObservationStore;
  authenticate: Authenticate;
  audit: AuditSink;
  /** Routes of other modules (sign-in, accounts…), mounted behind the same policy check. */
  extraRoutes?: RouteSpec[];
  /** The built SPA (`dist/web`); without it only the API is served. */
  staticDir?: string;
  /** Cache windows; defaults suit production. */
  cache?: RunReaderTuning;
  /**
   * The address to attribute a request to in audit entries (the auth module's, which believes
   * X-Forwarded-For only from RUNWATCH_TRUSTED_PROXIES); without it, the TCP peer.
   */
  clientAddress?: (c: Context) => string | null;
  /** Replaces the signed-file downloader (defaults to one allowing the upstream host + RUNWATCH_FILE_HOSTS). */
  fetchFile?: SignedFileFetcher;
  /** The event store: run index, status history and request ids from upstream events. */
  events?: EventStore;
  /** Takes in events (webhooks, catch-up) and invalidates the runs they changed; absent when RUNWATCH_EVENTS=off. */
  intake?: EventIntake;
  /** Follows the upstream event log; its progress is on `GET /api/events/status`. */
  catchUp?: CatchUpReader;
  /** What Runwatch keeps per person (pins, settings, recent lookups). */
  userData?: UserDataStore;
  /** Reading failed runs' errors into the run index (runs only while the upstream events are followed). */
  failureErrors?: Pick<FailureErrorBackfillOptions, 'intervalMs' | 'batch'>;
}

export interface RunwatchApp {
  app: Hono<AppEnv>;
  /** Every route the app serves, with its policy. */
  routes: RouteTable;
  reader: RunReader;
  /** The bytes of `GET /api/runs/:runId` answers, made once per cached copy. */
  runBodies: ResponseBytesCache;
  /** From now on `/readyz` answers 503 so a load balancer stops sending new traffic. */
  markDraining(): void;
  isDraining(): boolean;
  /** Stops the app's background timers (run index upkeep, action follow-ups); call before closing the stores. */
  close(): void;
}

/** Builds the HTTP application: middleware, every route through the RouteTable, SPA. Does not listen. */
export function createApp(deps: AppDeps): RunwatchApp {
  const { config, log, upstream, store } = deps;
  let draining = false;
  const closing = new AbortController();
  const reader = new RunReader({
    upstream,
    store,
    log,
    events: deps.events,
    eventFeed: deps.catchUp ? () => eventFeedHealth(deps.catchUp?.status() ?? null, config.events.intervalMs, Date.now()) : undefined,
    ...deps.cache,
  });
  const fetchFile = deps.fetchFile ?? createSignedFileFetcher({ upstreamHost: upstream.host, extraHosts: config.fileHosts, maxBytes: config.maxFileBytes });

  // Screenshot progress is read only for open galleries; what it finds shows in the run's cached copies too.
  const screenshotFeed = new ScreenshotFeed({ upstream, log, onList: (list) => reader.noteScreenshots(list) });
  // An event that changed a run ends the reuse window of its cached copies: the next read fetches once.
  deps.intake?.onRunsChanged((runIds) => reader.forgetMany(runIds));
  // Events carry no errors: each failed run is read once for them, behind every other read.
  const failureErrors = deps.events && deps.intake ? new FailureErrorBackfill({ upstream, events: deps.events, log, ...deps.failureErrors }) : null;
  deps.intake?.onRunsChanged(() => failureErrors?.nudge());
  failureErrors?.start();
  const signingKeys = config.events.webhookSecrets.flatMap((secret) => webhookSigningKey(secret) ?? []);

  // A run's response bytes, shared by the run read route and the run read lane (middleware/run-read-lane.ts).
  const runBodies = new ResponseBytesCache();
  const routes = new RouteTable()
    .addAll(healthRoutes({ isDraining: () => draining, store: deps.events, upstreamOrigin: new URL(upstream.baseUrl).origin }))
    .addAll(metricsRoutes({ budget: upstream.budget, catchUp: deps.catchUp, token: config.metricsToken }))
    .addAll(runReadRoutes({ reader, store, events: deps.events, bodies: runBodies }))
    .addAll(runOutputRoutes({ reader }))
    .addAll(runActionRoutes({ reader, upstream, audit: deps.audit, clientAddress: deps.clientAddress, log, signal: closing.signal }))
    .addAll(runFileRoutes({ reader, fetchFile }))
    .addAll(runBundleRoutes({ reader, store, events: deps.events, fetchFile, audit: runAuditSource(deps.audit) }))
    .addAll(runScreenshotRoutes({ screenshots: screenshotFeed }))
    // Each run of a bulk cancel goes through the single-run cancel route of this same app.
    .addAll(bulkCancelRoutes({ dispatch: async (request, env) => app.fetch(request, env), events: deps.events }))
    .addAll(runExportRoutes({ reader }))
    .addAll(lookupRoutes({ store, events: deps.events, reader, userData: deps.userData }))
    .addAll(failuresRoutes({ events: deps.events }))
    .addAll(eventStatusRoutes({ intake: deps.intake ?? null, catchUp: deps.catchUp ?? null, webhooksConfigured: signingKeys.length > 0 }))
    .addAll(webhookRoutes({ intake: deps.intake ?? null, signingKeys }))
    .addAll(
      boardRoutes({
        events: deps.events,
        userData: deps.userData,
        reader,
        settings: config.board,
        indexIsCurrent: () => eventFeedHealth(deps.catchUp?.status() ?? null, config.events.intervalMs, Date.now()).healthy,
      }),
    )
    .addAll(watchlistRoutes({ userData: deps.userData }))
    .addAll(attentionRoutes({ events: deps.events, userData: deps.userData }))
    .addAll(signalSettingsRoutes({ userData: deps.userData }))
    .addAll(deps.extraRoutes ?? []);

  const app = new Hono<AppEnv>();
  app.use('*', httpMetrics(), requestEnvelope(log));
  const limitBody = bodyLimit({
    maxSize: API_BODY_LIMIT_BYTES,
    onError: (c) => sendApiError(c, new ApiHttpError(API_ERROR.payload_too_large, `request bodies are limited to ${API_BODY_LIMIT_BYTES} bytes`)),
  });
  app.use('/api/*', apiGuard({ trustedProxies: config.auth.trustedProxies, limitBody }));

  // Outside `/api`: no CSRF guard (the signature authenticates), a limit of its own.
  app.use(WEBHOOK_PATH, webhookBodyLimit());

  for (const spec of routes.list()) {
    app.on(spec.method, spec.path, authorize(spec.policy, deps.authenticate), spec.handler);
  }

  if (deps.staticDir) app.use('*', spaStatic(deps.staticDir));

  app.notFound((c) => sendApiError(c, new ApiHttpError(API_ERROR.not_found, 'no such route')));
  app.onError(answerError);

  return {
    app,
    routes,
    reader,
    runBodies,
    markDraining: () => {
      draining = true;
    },
    isDraining: () => draining,
    close: () => {
      closing.abort();
      reader.stop();
      failureErrors?.stop();
    },
  };
}
