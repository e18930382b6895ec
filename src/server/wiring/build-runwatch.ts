import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { createApp, type RunwatchApp } from '../app';
import type { AuditSink } from '../audit/audit-entry';
import { createAuditRoutes } from '../audit/audit-routes';
import type { AuditStore } from '../audit/audit-store';
import { createAuth } from '../auth/create-auth';
import type { ScryptParams } from '../auth/password-hash';
import { startAlerts } from '../alerts/start-alerts';
import { joinCluster, type ClusterMembership } from '../cluster/join-cluster';
import type { AppConfig, UpstreamConfig } from '../config';
import { CatchUpReader, type CatchUpReaderOptions } from '../events/catch-up-reader';
import { EventIntake } from '../events/event-intake';
import { callerRequestOf } from '../http/caller-request';
import type { IdentifyCaller } from '../http/principal';
import { runReadLane } from '../middleware/run-read-lane';
import type { RouteSpec } from '../http/route-table';
import type { Logger } from '../logger';
import type { RunReaderTuning } from '../runs/run-reader';
import { openSharedStores, type SharedStores } from '../store/postgres/shared-stores';
import { RequestBudget, type RequestBudgetOptions } from '../upstream/request-budget';
import { createUpstreamClient, type UpstreamClient, type UpstreamClientOptions } from '../upstream/upstream-client';

/** The upstream request budget's window, the one the organisation's rate limit is counted in. */
const BUDGET_WINDOW_MS = 10_000;

/**
 * Who is calling and where actions are recorded. By default the auth module (accounts, sessions,
 * the audit log); tests that are not about sign-in pass their own.
 */
export interface AccessWiring {
  /** Who is calling; the app's routes and the run read lane both ask it. */
  identify: IdentifyCaller;
  audit: AuditSink;
  /** The readable audit log; when present, its routes (`/api/audit`, a run's audit) are mounted. */
  auditLog?: AuditStore;
  /** Routes of the access module (sign-in, session), mounted behind the same policy check. */
  routes?: RouteSpec[];
  clientAddress?: (c: Context) => string | null;
  close(): Promise<void>;
}

export interface BuildRunwatchOptions {
  config: AppConfig;
  log: Logger;
  /** The upstream to read: `config.upstream`, or the embedded simulator the entry point started. */
  upstream: UpstreamConfig;
  /** The built SPA; without it only the API is served. */
  staticDir?: string;
  /** Where the one-time demo passwords are shown; defaults to stdout. */
  printNotice?: (text: string) => void;
  /** Replaces the auth module (see AccessWiring). */
  access?: AccessWiring;
  /** Replaces the stores of `openSharedStores`; the built Runwatch closes them. */
  openStores?: () => Promise<SharedStores>;
  /** False: `requestListener` is the app alone, without the run read lane (tests comparing the two). */
  runReadLane?: boolean;
  /** Test and bench settings; production passes none. */
  tuning?: {
    client?: Partial<Omit<UpstreamClientOptions, 'baseUrl' | 'apiKey' | 'log' | 'budget'>>;
    budget?: RequestBudgetOptions;
    cache?: RunReaderTuning;
    catchUp?: Pick<CatchUpReaderOptions, 'onBackfillPage'>;
    hashParams?: ScryptParams;
  };
}

export interface BuiltRunwatch {
  runwatch: RunwatchApp;
  /**
   * What the HTTP server runs (`http.createServer(requestListener)`): the run read lane
   * (src/server/middleware/run-read-lane.ts) in front of the app. `runwatch.app.fetch` alone skips the lane.
   */
  requestListener: RequestListener;
  upstream: UpstreamClient;
  stores: SharedStores;
  /** Absent with RUNWATCH_EVENTS=off. */
  intake: EventIntake | undefined;
  catchUp: CatchUpReader | undefined;
  access: AccessWiring;
  /** Present with DATABASE_URL. */
  cluster: ClusterMembership | null;
  /** Starts the background work once the server listens: event catch-up, alerts, the leader election. */
  start(): void;
  /** Stops the background work, then closes the stores and the access module; call after the listener closed. */
  close(): Promise<void>;
}

/**
 * Assembles Runwatch from its configuration: the cluster membership (DATABASE_URL), the upstream
 * client under its request budget, the stores, the event intake and catch-up, the access module and
 * the audit routes, and the HTTP app. The entry point, the test servers and the bench all build it
 * here, so they run the same wiring. Does not listen.
 */
export async function buildRunwatch(options: BuildRunwatchOptions): Promise<BuiltRunwatch> {
  const { config, log, tuning = {} } = options;
  // With DATABASE_URL, replicas share one leader, request budget and run reads (docs/cluster.md).
  const cluster = config.databaseUrl
    ? await joinCluster({ databaseUrl: config.databaseUrl, log, upstreamShare: config.upstreamShare, windowMs: BUDGET_WINDOW_MS })
    : null;
  const closeOnFailure: (() => Promise<void>)[] = [async () => cluster?.close()];
  try {
    // On PostgreSQL when DATABASE_URL is set (shared by replicas), else in SQLite files in the data dir.
    const stores = await (options.openStores?.() ?? openSharedStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log }));
    closeOnFailure.unshift(() => stores.close());
    const { events, observations } = stores;
    const directUpstream = createUpstreamClient({
      baseUrl: options.upstream.baseUrl,
      apiKey: options.upstream.apiKey,
      log,
      maxResponseBytes: config.upstreamMaxBodyBytes,
      budget: new RequestBudget({ limit: config.upstreamShare, windowMs: BUDGET_WINDOW_MS, tokenSource: cluster?.tokenSource, ...tuning.budget }),
      // Runs observed before a restart (or by another replica) are known runs, not lookups of ids never seen.
      isKnownRun: (runId) => observations.isKnownRun(runId),
      // Runs the upstream's events told of are known too: opening one from the runs list is no lookup of an unseen id.
      isIndexedRun: async (runId) => (await events.getRun(runId)) !== null,
      ...tuning.client,
    });
    const upstream = cluster ? cluster.shareRunReads(directUpstream) : directUpstream;

    // The event store always holds what earlier runs learnt; intake and catch-up unless RUNWATCH_EVENTS=off.
    const intake = config.events.enabled ? new EventIntake({ store: events, log }) : undefined;
    const catchUpOptions = intake ? { upstream, store: events, intake, log, intervalMs: config.events.intervalMs, ...tuning.catchUp } : null;
    const catchUp = catchUpOptions ? (cluster?.catchUpReader(catchUpOptions) ?? new CatchUpReader(catchUpOptions)) : undefined;
    log.info('event intake', {
      mode: !intake ? 'off' : config.events.webhookSecrets.length > 0 ? 'webhooks+catch_up' : 'catch_up',
      intervalMs: config.events.intervalMs,
    });

    const access = options.access ?? (await defaultAccess(options, stores));
    closeOnFailure.unshift(() => access.close());
    const runwatch = createApp({
      config,
      log,
      upstream,
      store: observations,
      authenticate: (c) => access.identify(callerRequestOf(c)),
      audit: access.audit,
      clientAddress: access.clientAddress,
      extraRoutes: [...(access.routes ?? []), ...(access.auditLog ? createAuditRoutes(access.auditLog, Date.now) : [])],
      staticDir: options.staticDir,
      cache: tuning.cache,
      events,
      intake,
      catchUp,
      userData: stores.userData,
    });
    closeOnFailure.unshift(async () => runwatch.close());
    await cluster?.connect({ intake, forget: (runIds) => runwatch.reader.forgetMany(runIds) });

    // As `serve({ fetch, hostname })` makes it: the configured host stands in for a missing Host header.
    const appListener = getRequestListener(runwatch.app.fetch, { hostname: config.host });
    const requestListener =
      options.runReadLane === false
        ? appListener
        : runReadLane({ reader: runwatch.reader, bodies: runwatch.runBodies, identify: access.identify, log, next: appListener });

    let alerts: { stop(): Promise<void> } | null = null;
    return {
      runwatch,
      requestListener,
      upstream,
      stores,
      intake,
      catchUp,
      access,
      cluster,
      start() {
        catchUp?.start();
        // Alerts for when no tab is open (RUNWATCH_ALERT_WEBHOOK_URL); with replicas, the leader's duty.
        const startAlertScan = () =>
          startAlerts({ alerts: config.alerts, stuckAfterMinutes: config.board.stuckAfterMinutes, dataDir: config.dataDir, events, intake, log });
        if (cluster) {
          cluster.whileLeading('alert scanner', startAlertScan);
          cluster.start();
        } else {
          alerts = startAlertScan();
        }
      },
      async close() {
        runwatch.close();
        await catchUp?.stop();
        await alerts?.stop();
        await cluster?.close();
        await stores.close();
        await access.close();
      },
    };
  } catch (error) {
    for (const close of closeOnFailure) await close().catch(() => undefined);
    throw error;
  }
}

/** Sign-in, sessions, roles and the audit log; with no upstream configured (embedded simulator) it may create demo accounts. */
async function defaultAccess(options: BuildRunwatchOptions, stores: SharedStores): Promise<AccessWiring> {
  const { config } = options;
  const auth = await createAuth({
    stores: stores.auth ?? undefined,
    dataDir: config.dataDir,
    auth: config.auth,
    embedded: config.upstream === null,
    sessionSecret: config.sessionSecret,
    log: options.log,
    printNotice: options.printNotice,
    hashParams: options.tuning?.hashParams,
  });
  return {
    identify: auth.identify,
    audit: auth.audit,
    auditLog: auth.audit,
    routes: auth.routes,
    clientAddress: (c) => auth.clientAddress(c),
    close: () => auth.close(),
  };
}
