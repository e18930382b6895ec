import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '@/contract/audit';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { toAuditEntry, type AuditRow } from '../audit/audit-store';
import { SqliteAuditStore } from '../audit/sqlite-audit-store';
import { openAuthDatabase } from '../auth/auth-database';
import type { CallerRequest } from '../http/caller-request';
import { ROLES, type Principal, type Role } from '../http/principal';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { buildRunwatch } from '../wiring/build-runwatch';
import { CANARY_KEY, CanaryLeakError, findCanary, ResponseRecorder } from './canary';

/**
 * Test support: the real Runwatch app, built by the production wiring (buildRunwatch), against any
 * upstream base URL (the simulator or a small scripted HTTP server), with the real SQLite audit store, so audit outcomes settled after an
 * action can be read back. The key is CANARY_KEY; `close()` fails when it shows up in a response,
 * a log line or a file of the data dir. `x-test-role` picks the role (absent: operator).
 */

export interface AuditedAppServer {
  url: string;
  logs: string[];
  /** Audit entries of one run, oldest first, as stored. */
  auditOf(runId: string): AuditEntry[];
  request(pathname: string, init?: RequestInit & { role?: Role }): Promise<{ status: number; headers: Headers; text: string; json<T = unknown>(): T }>;
  post(pathname: string, body: unknown): ReturnType<AuditedAppServer['request']>;
  /** Every response body served so far, once all have been read to the end. */
  served(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export interface AuditedAppOptions {
  upstreamBaseUrl: string;
  env?: Record<string, string>;
}

function testIdentify(request: CallerRequest): Promise<Principal | null> {
  const role = request.header('x-test-role') ?? 'operator';
  if (!(ROLES as readonly string[]).includes(role)) return Promise.resolve(null);
  return Promise.resolve({ userId: `u_${role}`, name: `${role}-person`, role: role as Role, via: 'session' });
}

export async function startAuditedAppServer(options: AuditedAppOptions): Promise<AuditedAppServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-audited-'));
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({
    TASK_API_URL: options.upstreamBaseUrl,
    TASK_API_KEY: CANARY_KEY,
    RUNWATCH_DATA_DIR: dataDir,
    PORT: '0',
    // Off unless a test asks: a scripted upstream answers only the reads it was written for.
    RUNWATCH_EVENTS: 'off',
    ...options.env,
  });
  const db = openAuthDatabase(dataDir, log);
  const audit = new SqliteAuditStore(db, log, Date.now);
  const built = await buildRunwatch({
    config,
    log,
    upstream: { baseUrl: options.upstreamBaseUrl, apiKey: CANARY_KEY },
    access: {
      identify: testIdentify,
      audit,
      auditLog: audit,
      close: async () => {
        db.close();
      },
    },
    tuning: { budget: { limit: 10_000, burst: 2_000 }, client: { attemptTimeoutMs: 1_000, readDeadlineMs: 3_000, retryBaseDelayMs: 5 } },
  });
  const recorder = new ResponseRecorder();
  const server = http.createServer(recorder.wrap(built.requestListener)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: AuditedAppServer['request'] = async (pathname, init = {}) => {
    const { role, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (role) headers.set('x-test-role', role);
    const response = await fetch(url + pathname, { ...rest, headers });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  };

  return {
    url,
    logs,
    // Read straight from accounts.sqlite, so tests can poll it synchronously.
    auditOf: (runId) => (db.prepare('SELECT * FROM audit_log WHERE run_id = ? ORDER BY id').all(runId) as AuditRow[]).map(toAuditEntry),
    request,
    post: (pathname, body) =>
      request(pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: url },
        body: JSON.stringify(body),
      }),
    served: () => recorder.settled(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await built.close();
      const leaks = findCanary({ responses: await recorder.settled(), logs, dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new CanaryLeakError(leaks);
    },
  };
}

/** One scripted reply of a fake upstream or file host. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent in chunks without a Content-Length, for bodies that must be counted while streaming. */
  chunked?: boolean;
}

export interface ScriptedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server that answers with whatever `route` says and records every request. */
export async function startScriptedServer(route: (req: ScriptedRequest) => ScriptedReply) {
  const requests: ScriptedRequest[] = [];
  let current = route;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = current(recorded);
      const headers = { ...reply.headers };
      if (reply.chunked) {
        res.writeHead(reply.status, headers);
        const bytes = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? '');
        const step = 64 * 1024;
        let at = 0;
        const pump = () => {
          while (at < bytes.length) {
            const ok = res.write(bytes.subarray(at, at + step));
            at += step;
            if (!ok) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      const bytes = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? '');
      // writeHead alone would send the body chunked; a plain reply declares its length.
      if (reply.status !== 204 && reply.status !== 304) headers['content-length'] ??= String(bytes.length);
      res.writeHead(reply.status, headers);
      res.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    setRoute: (next: (req: ScriptedRequest) => ScriptedReply) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
