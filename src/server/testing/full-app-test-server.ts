import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import type { RunwatchApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { AccountCommands } from '../auth/account-commands';
import { openAuthDatabase, sqliteAuthStores } from '../auth/auth-database';
import { simulatorControl } from './simulator-control';
import { TEST_HASH_PARAMS, cookieFrom, makeTempDir, signIn } from './auth-test-server';
import type { Role } from '../http/principal';
import { buildRunwatch, type AccessWiring } from '../wiring/build-runwatch';
import { CANARY_KEY, CanaryLeakError, findCanary, ResponseRecorder } from './canary';

/**
 * Test support: the real Runwatch app, built by the production wiring (buildRunwatch) with the
 * real auth module and every route, against a real simulator, both on loopback port 0. One account per role. The upstream key is
 * CANARY_KEY; logs and every response are captured, and `close()` fails when the key shows up in
 * them or in any file of the data dir (audit entries live in the accounts database there).
 */
export const FULL_APP_PASSWORDS: Record<Role, string> = {
  viewer: 'viewer-test-password',
  operator: 'operator-test-password',
  admin: 'admin-test-password',
};

export interface FullAppTestServer {
  url: string;
  sim: StartedSimulator;
  runwatch: RunwatchApp;
  /** The auth module: its audit log is `auth.auditLog`. */
  auth: AccessWiring;
  dataDir: string;
  logs: string[];
  /** Signs in as `<role>-user` and returns the cookie to send back. */
  signInAs(role: Role): Promise<string>;
  simControl<T = unknown>(pathname: string, body?: unknown, method?: string): Promise<T>;
  /** Closes everything, then throws a CanaryLeakError if the upstream key showed up anywhere. */
  close(): Promise<void>;
}

export interface FullAppTestOptions {
  /** Extra configuration, e.g. RUNWATCH_TRUSTED_PROXIES. */
  env?: Record<string, string>;
}

export async function startFullAppTestServer(options: FullAppTestOptions = {}): Promise<FullAppTestServer> {
  const apiKey = CANARY_KEY;
  const sim = await startSimulator({ apiKey, port: 0, seedDemo: false, speed: 0, rateLimit: false });
  const dataDir = makeTempDir('runwatch-app-');
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({ TASK_API_URL: sim.baseUrl, TASK_API_KEY: apiKey, RUNWATCH_DATA_DIR: dataDir, PORT: '0', RUNWATCH_EVENTS: 'off', ...options.env });

  const setupStores = sqliteAuthStores(openAuthDatabase(dataDir, log), dataDir, log);
  const commands = new AccountCommands(setupStores, { name: 'test-setup', requestId: 'test' }, TEST_HASH_PARAMS);
  for (const role of ['viewer', 'operator', 'admin'] as const) await commands.add(`${role}-user`, role, FULL_APP_PASSWORDS[role]);
  await setupStores.close();

  const built = await buildRunwatch({
    config,
    log,
    upstream: { baseUrl: sim.baseUrl, apiKey },
    printNotice: () => {},
    tuning: { hashParams: TEST_HASH_PARAMS, client: { attemptTimeoutMs: 1_000, readDeadlineMs: 4_000, retryBaseDelayMs: 20 } },
  });
  const { runwatch, access: auth } = built;
  const served = new ResponseRecorder();
  const server = http.createServer(served.wrap(built.requestListener)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  built.start();

  return {
    url,
    sim,
    runwatch,
    auth,
    dataDir,
    logs,
    signInAs: async (role) => {
      const response = await signIn(url, `${role}-user`, FULL_APP_PASSWORDS[role]);
      const cookie = cookieFrom(response);
      if (response.status !== 200 || !cookie) throw new Error(`sign-in as ${role} failed: HTTP ${response.status}`);
      return cookie;
    },
    simControl: <T>(pathname: string, body?: unknown, method = 'POST') => simulatorControl<T>(sim.origin, pathname, body, method),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await built.close();
      await sim.close();
      const leaks = findCanary({ responses: await served.settled(), logs, dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new CanaryLeakError(leaks);
    },
  };
}
