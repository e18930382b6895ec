import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { ConfigError, loadConfigFromProcess, type AppConfig } from './config';
import { applyConnectionLimits } from './http/connection-limits';
import { trackRequestsForDrain } from './http-drain';
import { createLogger } from './logger';
import { accountsDatabaseState, assertAccountsNotLost } from './auth/accounts-presence';
import { secureDataDir } from './store/data-dir';
import { buildRunwatch } from './wiring/build-runwatch';

/** How long in-flight requests may take to finish after a shutdown signal. */
const SHUTDOWN_GRACE_MS = 10_000;

const STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

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

  // The one-time demo passwords are printed last, after the URL, so they do not scroll away.
  let demoNotice: string | null = null;
  const built = await buildRunwatch({ config, log, upstream: upstreamTarget, staticDir: STATIC_DIR, printNotice: (text) => (demoNotice = text) });
  const { runwatch, upstream } = built;

  // The run read lane in front of the app (src/server/middleware/run-read-lane.ts).
  const server = http.createServer(built.requestListener).listen(config.port, config.host);
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
  built.start();

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
    await built.close();
    await simulator?.close();
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
