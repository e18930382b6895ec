import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import type { RunwatchApp } from '../app';
import type { AuditEntryInput } from '../audit/audit-entry';
import type { CallerRequest } from '../http/caller-request';
import { ROLES, type Principal, type Role } from '../http/principal';
import { loadConfig, type AppConfig } from '../config';
import type { CatchUpReader, CatchUpReaderOptions } from '../events/catch-up-reader';
import type { EventIntake } from '../events/event-intake';
import { createLogger } from '../logger';
import type { RunReaderTuning } from '../runs/run-reader';
import type { EventStore } from '../store/event-store';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { openSqliteEventStore } from '../store/sqlite-event-store';
import { openSqliteUserDataStore } from '../store/sqlite-user-data-store';
import type { RequestBudgetOptions } from '../upstream/request-budget';
import type { UpstreamClient, UpstreamClientOptions } from '../upstream/upstream-client';
import { buildRunwatch } from '../wiring/build-runwatch';
import { CANARY_KEY, CanaryLeakError, findCanary, ResponseRecorder } from './canary';
import { simulatorControl } from './simulator-control';

// The benchmarks take the key from here.
export { CANARY_KEY };

/**
 * Test support: a real simulator and a real Runwatch server (the production wiring, buildRunwatch),
 * both on loopback port 0, with logs,
 * audit entries and every response captured. `close()` fails when the upstream key (CANARY_KEY)
 * shows up in any of them or in a file of the data dir, so every suite using the harness checks it.
 *
 * Sign-in is not under test here, so `authenticate` trusts an `x-test-role` header
 * (`viewer` | `operator` | `admin` | `none`; absent means operator).
 */

export interface HarnessOptions {
  /** Reuse a running simulator (e.g. across a Runwatch restart); otherwise one is started. */
  simulator?: StartedSimulator;
  dataDir?: string;
  cache?: RunReaderTuning;
  client?: Partial<Omit<UpstreamClientOptions, 'baseUrl' | 'apiKey' | 'log'>>;
  budget?: RequestBudgetOptions;
  env?: Record<string, string>;
  staticDir?: string;
  /** Hooks of the catch-up reader (with RUNWATCH_EVENTS on). */
  catchUp?: Pick<CatchUpReaderOptions, 'onBackfillPage'>;
}

export interface HarnessResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface LoggedUpstreamRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface Harness {
  url: string;
  sim: StartedSimulator;
  runwatch: RunwatchApp;
  store: ObservationStore;
  /** The event store (`events.sqlite` in the data dir). */
  events: EventStore;
  /** Present with `env: { RUNWATCH_EVENTS: 'on' }` (the harness default is off, so no suite sees event reads it did not ask for). */
  intake: EventIntake | undefined;
  catchUp: CatchUpReader | undefined;
  upstream: UpstreamClient;
  config: AppConfig;
  dataDir: string;
  logs: string[];
  audits: AuditEntryInput[];
  request(pathname: string, init?: RequestInit & { role?: Role | 'none' }): Promise<HarnessResponse>;
  /** A same-origin JSON POST with the CSRF header, as the SPA sends it. */
  post(pathname: string, body: unknown, init?: { role?: Role | 'none'; headers?: Record<string, string> }): Promise<HarnessResponse>;
  simControl<T = unknown>(pathname: string, body?: unknown, method?: string): Promise<T>;
  createRun(scenario: string, extra?: Record<string, unknown>): Promise<UpstreamTaskRun>;
  /** Moves the simulator's clock (tests start it at speed 0, so runs move only when told). */
  advance(ms: number): Promise<void>;
  upstreamRequests(): Promise<LoggedUpstreamRequest[]>;
  resetUpstreamRequests(): Promise<void>;
  /** Places where the API key showed up so far: responses, log lines, audit entries, files in the data dir. */
  leaks(): string[];
  /**
   * Closes Runwatch (and the simulator and data dir when the harness created them), then throws a
   * CanaryLeakError if the API key showed up anywhere.
   */
  close(): Promise<void>;
}

function testIdentify(request: CallerRequest): Promise<Principal | null> {
  const role = request.header('x-test-role') ?? 'operator';
  if (!(ROLES as readonly string[]).includes(role)) return Promise.resolve(null);
  return Promise.resolve({ userId: `u_${role}`, name: `${role}-person`, role: role as Role, via: 'session' });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownsSimulator = !options.simulator;
  const sim = options.simulator ?? (await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 }));
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-test-'));
  const logs: string[] = [];
  const audits: AuditEntryInput[] = [];
  const seen: string[] = [];
  const served = new ResponseRecorder();
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({
    TASK_API_URL: sim.baseUrl,
    TASK_API_KEY: CANARY_KEY,
    RUNWATCH_DATA_DIR: dataDir,
    PORT: '0',
    RUNWATCH_EVENTS: 'off',
    ...options.env,
  });

  const built = await buildRunwatch({
    config,
    log,
    upstream: { baseUrl: sim.baseUrl, apiKey: CANARY_KEY },
    staticDir: options.staticDir,
    access: { identify: testIdentify, audit: { record: (entry) => void audits.push(entry) }, close: async () => {} },
    // SQLite in the data dir as in production, without the background file check and pruning, which no suite is about.
    openStores: async () => {
      const observations = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
      const events = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
      const userData = openSqliteUserDataStore({ dataDir, log });
      return {
        engine: 'sqlite',
        events,
        userData,
        observations,
        auth: null,
        close: async () => {
          await events.close();
          await userData.close();
          await observations.close();
        },
      };
    },
    tuning: {
      budget: { limit: 10_000, burst: 2_000, ...options.budget },
      client: { attemptTimeoutMs: 1_000, readDeadlineMs: 4_000, retryBaseDelayMs: 20, ...options.client },
      cache: options.cache,
      catchUp: options.catchUp,
    },
  });
  const { runwatch, upstream, intake, catchUp } = built;
  const { observations: store, events } = built.stores;
  const server = http.createServer(served.wrap(built.requestListener)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  built.start();

  const request: Harness['request'] = async (pathname, init = {}) => {
    const { role, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (role) headers.set('x-test-role', role);
    const response = await fetch(url + pathname, { ...rest, headers });
    const text = await response.text();
    seen.push(`${pathname} ${JSON.stringify([...response.headers])} ${text}`);
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  };

  const simControl = <T>(pathname: string, body?: unknown, method = 'POST') => simulatorControl<T>(sim.origin, pathname, body, method);

  return {
    url,
    sim,
    runwatch,
    store,
    events,
    intake,
    catchUp,
    upstream,
    config,
    dataDir,
    logs,
    audits,
    request,
    post: (pathname, body, init = {}) =>
      request(pathname, {
        method: 'POST',
        role: init.role,
        headers: {
          'content-type': 'application/json',
          [CSRF_HEADER]: CSRF_HEADER_VALUE,
          origin: url,
          ...init.headers,
        },
        body: JSON.stringify(body),
      }),
    simControl,
    createRun: (scenario, extra = {}) => simControl<UpstreamTaskRun>('scenarios', { scenario, ...extra }),
    advance: async (ms) => {
      await simControl('clock/advance', { ms });
    },
    upstreamRequests: async () => (await simControl<{ requests: LoggedUpstreamRequest[] }>('stats', undefined, 'GET')).requests,
    resetUpstreamRequests: async () => {
      await simControl('stats/reset', {});
    },
    leaks: () => findCanary({ responses: [...seen, ...served.texts()], logs, audits, dataDir }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await built.close();
      if (ownsSimulator) await sim.close();
      const responses = [...seen, ...(await served.settled())];
      const leaks = findCanary({ responses, logs, audits, dataDir });
      // A directory the caller passed in may be reused (a restart test); only our own goes.
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new CanaryLeakError(leaks);
    },
  };
}
