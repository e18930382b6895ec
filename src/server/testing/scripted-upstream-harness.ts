import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { createApp } from '../app';
import { ROLES, type Principal, type Role } from '../http/principal';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { RequestBudget } from '../upstream/request-budget';
import { createUpstreamClient } from '../upstream/upstream-client';
import { CANARY_KEY, CanaryLeakError, findCanary, ResponseRecorder } from './canary';
import { startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream';

/**
 * Test support: the real Runwatch app against a scripted upstream (see `scripted-upstream.ts`), so
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

function testAuthenticate(c: Context): Promise<Principal | null> {
  const role = c.req.header('x-test-role') ?? 'viewer';
  if (!(ROLES as readonly string[]).includes(role)) return Promise.resolve(null);
  return Promise.resolve({ userId: `u_${role}`, name: `${role}-person`, role: role as Role, via: 'session' });
}

export async function startScriptedHarness(): Promise<ScriptedHarness> {
  const upstream = await startScriptedUpstream();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-scripted-'));
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({ TASK_API_URL: upstream.baseUrl, TASK_API_KEY: CANARY_KEY, RUNWATCH_DATA_DIR: dataDir, PORT: '0' });
  const store = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
  const client = createUpstreamClient({
    baseUrl: upstream.baseUrl,
    apiKey: CANARY_KEY,
    log,
    budget: new RequestBudget({ limit: 100_000, burst: 10_000 }),
    attemptTimeoutMs: 2_000,
    readDeadlineMs: 4_000,
    maxReadRetries: 0,
  });
  const runwatch = createApp({
    config,
    log,
    upstream: client,
    store,
    authenticate: testAuthenticate,
    audit: { record: () => {} },
    cache: { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
  });
  const served = new ResponseRecorder();
  const server = serve({ fetch: served.wrap(runwatch.app.fetch), port: 0, hostname: '127.0.0.1' }) as Server;
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
      runwatch.close();
      store.close();
      await upstream.close();
      const leaks = findCanary({ responses: await served.settled(), logs, dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new CanaryLeakError(leaks);
    },
  };
}
