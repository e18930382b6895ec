import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CallerRequest } from '../http/caller-request';
import { ROLES, type Principal, type Role } from '../http/principal';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import type { ObservationStore } from '../store/observation-store';
import { buildRunwatch } from '../wiring/build-runwatch';
import { CANARY_KEY, CanaryLeakError, findCanary, ResponseRecorder } from './canary';
import { startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream';

/**
 * Test support: the real Runwatch app (the production wiring, buildRunwatch) against a scripted upstream (see `scripted-upstream.ts`), so
 * tests can serve any payload the contract allows and read the BFF's answer over HTTP. Reuse
 * windows are off: every read reaches the upstream and sees the payload set just before it.
 * Sign-in is not under test: `x-test-role` picks the role (absent: viewer).
 */

export interface ScriptedHarness {
  url: string;
  upstream: ScriptedUpstream;
  store: ObservationStore;
  logs: string[];
  get(pathname: string, role?: Role | 'none'): Promise<{ status: number; headers: Headers; text: string; json: <T = unknown>() => T }>;
  close(): Promise<void>;
}

function testIdentify(request: CallerRequest): Promise<Principal | null> {
  const role = request.header('x-test-role') ?? 'viewer';
  if (!(ROLES as readonly string[]).includes(role)) return Promise.resolve(null);
  return Promise.resolve({ userId: `u_${role}`, name: `${role}-person`, role: role as Role, via: 'session' });
}

export async function startScriptedHarness(): Promise<ScriptedHarness> {
  const upstream = await startScriptedUpstream();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-scripted-'));
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  // No event reads: the scripted upstream answers only what a test set up.
  const config = loadConfig({ TASK_API_URL: upstream.baseUrl, TASK_API_KEY: CANARY_KEY, RUNWATCH_DATA_DIR: dataDir, PORT: '0', RUNWATCH_EVENTS: 'off' });
  const built = await buildRunwatch({
    config,
    log,
    upstream: { baseUrl: upstream.baseUrl, apiKey: CANARY_KEY },
    access: { identify: testIdentify, audit: { record: () => {} }, close: async () => {} },
    tuning: {
      budget: { limit: 100_000, burst: 10_000 },
      client: { attemptTimeoutMs: 2_000, readDeadlineMs: 4_000, maxReadRetries: 0 },
      cache: { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
    },
  });
  const store = built.stores.observations;
  const served = new ResponseRecorder();
  const server = http.createServer(served.wrap(built.requestListener)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    upstream,
    store,
    logs,
    get: async (pathname, role) => {
      const response = await fetch(url + pathname, { headers: role ? { 'x-test-role': role } : {} });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await built.close();
      await upstream.close();
      const leaks = findCanary({ responses: await served.settled(), logs, dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new CanaryLeakError(leaks);
    },
  };
}
