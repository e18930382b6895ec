import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { createApp } from './app';
import type { AuthStores } from './auth/auth-database';
import { createAuth, type AuthModule } from './auth/create-auth';
import { ConfigError, loadConfigFromProcess, type AppConfig } from './config';
import { applyConnectionLimits } from './http/connection-limits';
import { trackRequestsForDrain } from './http-drain';
import { startAlerts } from './alerts/start-alerts';
import { CatchUpReader } from './events/catch-up-reader';
import { EventIntake } from './events/event-intake';
import { createLogger, type Logger } from './logger';
import { accountsDatabaseState, assertAccountsNotLost } from './auth/accounts-presence';
import { secureDataDir } from './store/data-dir';
import { openSharedStores } from './store/postgres/shared-stores';
import { joinCluster } from './cluster/join-cluster';
import { RequestBudget } from './upstream/request-budget';
import { createUpstreamClient } from './upstream/upstream-client';

/** How long in-flight requests may take to finish after a shutdown signal. */
const SHUTDOWN_GRACE_MS = 10_000;

const STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Sign-in, sessions, roles and the audit log: the one place the access module is wired in.
 * With no upstream configured (embedded simulator) it may create demo accounts.
 */
function wireAccess(config: AppConfig, log: Logger, printNotice: (text: string) => void, stores: AuthStores | null): Promise<AuthModule> {
  return createAuth({
    stores: stores ?? undefined,
    dataDir: config.dataDir,
    auth: config.auth,
    embedded: config.upstream === null,
    sessionSecret: config.sessionSecret,
    log,
    printNotice,
  });
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel });
  process.on('unhandledRejection', (error) => log.error('unhandled promise rejection', { error }));

  // Before anything is written there: a data dir whose accounts database was lost is not started over.
  // On PostgreSQL (DATABASE_URL) the accounts are in the database and accounts.sqlite is never made.
  secureDataDir(config.dataDir);
  if (config.databaseUrl === null) {
    assertAccountsNotLost(config.dataDir, config.auth.initAccounts);
    if (config.auth.initAccounts && accountsDatabaseState(config.dataDir) !== 'present') {
      log.warn('starting with a new, empty accounts database (RUNWATCH_INIT_ACCOUNTS); unset it for later starts', { dataDir: config.dataDir });
    }
  }

  // No upstream configured: run the simulator on loopback with a key that exists only in this process.
  let simulator: StartedSimulator | null = null;
  let upstreamTarget = config.upstream;
  if (!upstreamTarget) {
    const apiKey = `sk_live_${randomBytes(24).toString('base64url')}`;
    simulator = await startSimulator({
      apiKey,
      port: config.simulatorPort,
      host: '127.0.0.1',
      seedDemo: true,
      speed: config.simulatorSpeed,
    });
    upstreamTarget = { baseUrl: simulator.baseUrl, apiKey };
    log.info('embedded simulator started', { origin: simulator.origin });
  }

  // With DATABASE_URL, replicas share one leader, request budget and run reads (docs/cluster.md).
  const cluster = config.databaseUrl
    ? await joinCluster({ databaseUrl: config.databaseUrl, log, upstreamShare: config.upstreamShare, windowMs: 10_000 })
    : null;
  const directUpstream = createUpstreamClient({
    baseUrl: upstreamTarget.baseUrl,
    apiKey: upstreamTarget.apiKey,
    log,
    maxResponseBytes: config.upstreamMaxBodyBytes,
    budget: new RequestBudget({ limit: config.upstreamShare, windowMs: 10_000, tokenSource: cluster?.tokenSource }),
    // Runs observed before a restart (or by another replica) are known runs, not lookups of ids never seen.
    isKnownRun: (runId) => store.isKnownRun(runId),
    // Runs the upstream's events told of are known too: opening one from the runs list is no lookup of an unseen id.
    isIndexedRun: async (runId) => (await events.getRun(runId)) !== null,
  });
  const upstream = cluster ? cluster.shareRunReads(directUpstream) : directUpstream;
  // Events: the store always (it holds what earlier runs learnt), intake and catch-up unless RUNWATCH_EVENTS=off.
  // On PostgreSQL when DATABASE_URL is set (shared by replicas), else in SQLite files in the data dir.
  const shared = await openSharedStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log });
  const { events, userData, observations: store } = shared;
  const intake = config.events.enabled ? new EventIntake({ store: events, log }) : undefined;
  const catchUpOptions = intake ? { upstream, store: events, intake, log, intervalMs: config.events.intervalMs } : null;
  const catchUp = catchUpOptions ? (cluster?.catchUpReader(catchUpOptions) ?? new CatchUpReader(catchUpOptions)) : undefined;
  log.info('event intake', {
    mode: !intake ? 'off' : config.events.webhookSecrets.length > 0 ? 'webhooks+catch_up' : 'catch_up',
    intervalMs: config.events.intervalMs,
  });
  // The one-time demo passwords are printed last, after the URL, so they do not scroll away.
  let demoNotice: string | null = null;
  const access = await wireAccess(config, log, (text) => (demoNotice = text), shared.auth);

  const runwatch = createApp({
    config,
    log,
    upstream,
    store,
    authenticate: access.authenticate,
    audit: access.audit,
    clientAddress: access.clientAddress,
    extraRoutes: access.routes,
    staticDir: STATIC_DIR,
    events,
    intake,
    catchUp,
    userData,
  });

  await cluster?.connect({ intake, forget: (runIds) => runwatch.reader.forgetMany(runIds) });
  const server = serve({ fetch: runwatch.app.fetch, port: config.port, hostname: config.host }) as Server;
  applyConnectionLimits(server, { maxConnections: config.maxConnections });
  const requests = trackRequestsForDrain(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const upstreamLabel = simulator ? 'embedded simulator' : new URL(upstreamTarget.baseUrl).origin;
  process.stdout.write(`Runwatch is running at ${url} (upstream: ${upstreamLabel})\n`);
  log.info('listening', { url, upstream: upstreamLabel });
  if (demoNotice) process.stdout.write(`${demoNotice}\n`);
  catchUp?.start();
  // Alerts for when no tab is open (RUNWATCH_ALERT_WEBHOOK_URL); with replicas, the leader's duty.
  const startAlertScan = () =>
    startAlerts({
      alerts: config.alerts,
      stuckAfterMinutes: config.board.stuckAfterMinutes,
      dataDir: config.dataDir,
      events,
      intake,
      log,
    });
  cluster?.whileLeading('alert scanner', startAlertScan);
  const alerts = cluster ? null : startAlertScan();
  cluster?.start();

  // A wrong key should be obvious at start, not on the first page view; the server runs either way.
  upstream.testKey().catch((error: unknown) => {
    log.error('the upstream did not accept a test call; run pages will show errors until this is fixed', {
      reason: error instanceof Error ? error.message : String(error),
    });
  });

  // Readiness goes to 503 and the listener closes first; requests under way get up to the grace
  // period to finish; only then do the upstream, the simulator and the databases go away.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const inFlight = requests.inFlight();
    runwatch.markDraining();
    const drained = requests.drain(SHUTDOWN_GRACE_MS);
    log.info('shutting down', { signal, inFlight });
    const { forced } = await drained;
    if (forced) log.warn('requests still running after the grace period; their connections were closed', { graceMs: SHUTDOWN_GRACE_MS });
    runwatch.close();
    await catchUp?.stop();
    await alerts?.stop();
    await cluster?.close();
    await simulator?.close();
    await shared.close();
    await access.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Runwatch could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
