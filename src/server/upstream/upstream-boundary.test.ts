import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, runResponseSchema } from '@/contract/bff';
import { createApp, type RunwatchApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { isAllowedFileUrl } from '../files/signed-file-fetcher';
import { attachmentDisposition } from '../files/download-headers';
import { RequestBudget } from './request-budget';
import { createUpstreamClient, UPSTREAM_HEADER_ALLOW_LIST } from './upstream-client';
import { expectApiError } from '../testing/api-envelope';

/**
 * What crosses the boundary to the upstream and to file hosts, checked against small recording
 * HTTP servers on loopback: which headers leave Runwatch, redirects, off-contract answers, and the
 * file-host allow-list.
 */

const KEY = 'sk_live_BOUNDARY_0123456789abcdef';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string | Buffer };

function recordingServer() {
  const requests: Recorded[] = [];
  let route: (req: Recorded) => Reply = () => ({ status: 404, body: '{}' });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = route(recorded);
      res.writeHead(reply.status, reply.headers ?? { 'content-type': 'application/json' });
      res.end(reply.body ?? '');
    });
  });
  return {
    requests,
    server,
    setRoute: (next: (req: Recorded) => Reply) => (route = next),
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const upstream = recordingServer();
const files = recordingServer();
let upstreamPort: string;
let filePort: string;
let runwatchUrl: string;
let runwatch: http.Server;
let app: RunwatchApp | undefined;
let store: ObservationStore;
const logs: string[] = [];

function taskRun(overrides: Record<string, unknown> = {}) {
  return {
    id: 'trun_boundary1',
    object: 'task_run',
    status: 'running',
    result: null,
    task_id: 'task_abc',
    runtime_ms: 10,
    output: null,
    errors: null,
    interaction: null,
    created_at: '2026-03-02T10:14:03Z',
    updated_at: '2026-03-02T10:14:21Z',
    request_id: 'req_boundary',
    ...overrides,
  };
}

const json = (status: number, body: unknown): Reply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  upstreamPort = await upstream.listen();
  filePort = await files.listen();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-boundary-'));
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({
    TASK_API_URL: `http://127.0.0.1:${upstreamPort}/v2`,
    TASK_API_KEY: KEY,
    RUNWATCH_DATA_DIR: dataDir,
    RUNWATCH_FILE_HOSTS: `localhost:${filePort}`,
  });
  store = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
  const client = createUpstreamClient({
    baseUrl: config.upstream!.baseUrl,
    apiKey: KEY,
    log,
    budget: new RequestBudget({ limit: 10_000, burst: 1_000 }),
    attemptTimeoutMs: 1_000,
    readDeadlineMs: 2_000,
    retryBaseDelayMs: 5,
  });
  app = createApp({
    config,
    log,
    upstream: client,
    store,
    authenticate: async () => ({ userId: 'u1', name: 'op', role: 'operator', via: 'session' }),
    audit: { record: () => {} },
    cache: { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
  });
  runwatch = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
  await new Promise<void>((resolve) => runwatch.once('listening', resolve));
  runwatchUrl = `http://127.0.0.1:${(runwatch.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    runwatch?.close(() => resolve());
    runwatch?.closeAllConnections();
  });
  app?.close();
  await store?.close();
  await upstream.close();
  await files.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
  files.requests.length = 0;
});

/** Headers fetch itself adds for the transport; none carries anything from the browser. */
const TRANSPORT_HEADERS = ['host', 'connection', 'content-length', 'accept-language', 'sec-fetch-mode', 'accept-encoding'];

describe('requests to the upstream', () => {
  it('carry only the allow-listed headers, never what the browser sent', async () => {
    upstream.setRoute(() => json(200, taskRun()));
    const response = await fetch(`${runwatchUrl}/api/runs/trun_boundary1`, {
      headers: {
        cookie: 'rw_session=browser-cookie',
        authorization: 'Bearer browser-token',
        'x-forwarded-for': '10.9.9.9',
        'x-custom': 'hello',
      },
    });
    expect(response.status).toBe(200);
    const [call] = upstream.requests;
    expect(call?.url).toBe('/v2/task-runs/trun_boundary1');
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.headers.accept).toBe('application/json');
    const allowed = new Set<string>([...UPSTREAM_HEADER_ALLOW_LIST, ...TRANSPORT_HEADERS]);
    expect(Object.keys(call?.headers ?? {}).filter((name) => !allowed.has(name))).toEqual([]);
    expect(JSON.stringify(call?.headers)).not.toContain('browser');
  });

  it('send an interaction once, as {input}, with an Idempotency-Key', async () => {
    const waiting = taskRun({
      status: 'interaction_required',
      interaction: { type: 'mfa', message: 'code?', fields: [{ name: 'code', type: 'string', label: 'Code' }] },
    });
    upstream.setRoute((req) => (req.method === 'POST' ? json(200, taskRun()) : json(200, waiting)));
    const read = runResponseSchema.parse(await (await fetch(`${runwatchUrl}/api/runs/trun_boundary1`)).json());
    const response = await fetch(`${runwatchUrl}/api/runs/trun_boundary1/interaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', origin: runwatchUrl },
      body: JSON.stringify({ promptId: read.run.interaction!.promptId, input: { code: '424242' } }),
    });
    expect(response.status).toBe(200);
    const posts = upstream.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe('/v2/task-runs/trun_boundary1/interaction');
    expect(JSON.parse(posts[0]!.body)).toEqual({ input: { code: '424242' } });
    expect(posts[0]?.headers['idempotency-key']).toMatch(/^rw-answer-[A-Za-z0-9_-]{43}$/);
    expect(posts[0]?.headers['content-type']).toBe('application/json');
    expect(logs.some((line) => line.includes('424242'))).toBe(false);
  });

  // Each of these reads a run Runwatch has never read, so no stale copy can stand in for the error.
  it('do not follow redirects', async () => {
    upstream.setRoute((req) => (req.url.startsWith('/elsewhere') ? json(200, taskRun()) : { status: 302, headers: { location: '/elsewhere' } }));
    const response = await fetch(`${runwatchUrl}/api/runs/trun_redirected`);
    await expectApiError(response, { status: 502, code: 'upstream_error' });
    expect(upstream.requests.some((r) => r.url.startsWith('/elsewhere'))).toBe(false);
  });

  it.each([
    ['another run than asked for', 'trun_contract2', taskRun({ id: 'trun_other' })],
    ['a body missing required fields', 'trun_contract3', { id: 'trun_contract3' }],
    ['an HTML error page', 'trun_contract4', '<html>oops</html>'],
  ])('treat %s as a contract break', async (_label, runId, body) => {
    upstream.setRoute(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }));
    const response = await fetch(`${runwatchUrl}/api/runs/${runId}`);
    await expectApiError(response, { status: 502, code: 'upstream_error' });
  });
});

describe('downloads from file hosts', () => {
  function runWithScreenshot(url: string, storage: unknown[] = []) {
    const shot = { file_name: 's.png', file_type: 'image/png', file_size: 3, created_at: '2026-03-02T10:14:03Z', url, reasoning: '' };
    return taskRun({ status: 'completed', result: 'success', artifacts: { screenshots: [shot] }, storage });
  }

  it('fetch from a listed host without sending the API key or browser headers', async () => {
    upstream.setRoute(() => json(200, runWithScreenshot(`http://localhost:${filePort}/shot.png?sig=abc`)));
    files.setRoute(() => ({ status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([1, 2, 3]) }));
    const response = await fetch(`${runwatchUrl}/api/runs/trun_boundary1/screenshots/0`, { headers: { cookie: 'rw_session=x' } });
    expect(response.status).toBe(200);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(files.requests).toHaveLength(1);
    expect(files.requests[0]?.url).toBe('/shot.png?sig=abc');
    expect(files.requests[0]?.headers.authorization).toBeUndefined();
    expect(files.requests[0]?.headers.cookie).toBeUndefined();
  });

  it.each([
    ['a host that is not listed', () => `http://127.0.0.1:${filePort}/shot.png`],
    ['an unlisted https host', () => 'https://files.example.invalid/shot.png'],
    ['credentials in the link', () => `http://user:pw@localhost:${filePort}/shot.png`],
    ['a non-http scheme', () => 'file:///etc/passwd'],
  ])('refuse %s without contacting it', async (_label, url) => {
    upstream.setRoute(() => json(200, runWithScreenshot(url())));
    files.setRoute(() => ({ status: 200, headers: { 'content-type': 'image/png' }, body: 'x' }));
    const response = await fetch(`${runwatchUrl}/api/runs/trun_boundary1/screenshots/0`);
    await expectApiError(response, { status: 502, code: 'file_unavailable' });
    expect(files.requests).toHaveLength(0);
  });

  it('refuse a redirect from the file host and a screenshot that is not an image', async () => {
    upstream.setRoute(() => json(200, runWithScreenshot(`http://localhost:${filePort}/shot.png`)));
    files.setRoute((req) => (req.url === '/shot.png' ? { status: 302, headers: { location: '/elsewhere.png' } } : { status: 200, body: 'x' }));
    expect((await fetch(`${runwatchUrl}/api/runs/trun_boundary1/screenshots/0`)).status).toBe(502);
    expect(files.requests.map((r) => r.url)).toEqual(['/shot.png']);

    files.setRoute(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<script>alert(1)</script>' }));
    const html = await fetch(`${runwatchUrl}/api/runs/trun_boundary1/screenshots/0`);
    expect(html.status).toBe(502);
    expect(await html.text()).not.toContain('<script>');
  });

  it('give a hostile file name only as a sanitised attachment', async () => {
    const item = {
      id: 'stor_evil1',
      file_name: '../../etc/passwd"\r\n<script>.html',
      file_type: 'text/html',
      file_size: 10,
      created_at: '2026-03-02T10:14:03Z',
      url: `http://localhost:${filePort}/evil`,
    };
    upstream.setRoute(() => json(200, runWithScreenshot(`http://localhost:${filePort}/shot.png`, [item])));
    files.setRoute(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<script>alert(1)</script>' }));
    const detail = runResponseSchema.parse(await (await fetch(`${runwatchUrl}/api/runs/trun_boundary1?include=storage`)).json());
    expect(detail.run.files?.[0]?.downloadUrl).toBe('/api/runs/trun_boundary1/files/stor_evil1');
    const response = await fetch(`${runwatchUrl}${detail.run.files![0]!.downloadUrl}`);
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(disposition).not.toMatch(/[\r\n]|\.\.\/|<script>/);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('file URL allow-list', () => {
  const options = { upstreamHost: 'api.example.com', extraHosts: ['files.example.com', 'cdn.example.net:8443', 'localhost:9000'] };

  it.each([
    ['https://api.example.com/files/a.png', true],
    ['https://files.example.com/a.png?sig=1', true],
    ['https://files.example.com:444/a.png', true],
    ['https://cdn.example.net:8443/a', true],
    ['https://cdn.example.net/a', false],
    ['http://files.example.com/a.png', false],
    ['http://localhost:9000/a.png', true],
    ['https://evil.example/a.png', false],
    ['https://files.example.com.evil.example/a.png', false],
    ['https://user:pw@files.example.com/a.png', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedFileUrl(url, options)).toBe(allowed);
  });

  it('allows plain http to the upstream host itself', () => {
    expect(isAllowedFileUrl('http://10.0.0.5:8080/files/a.png', { upstreamHost: '10.0.0.5:8080', extraHosts: [] })).toBe(true);
  });
});

describe('attachment names', () => {
  it.each([
    ['statement feb.pdf', 'attachment; filename="statement feb.pdf"; filename*=UTF-8\'\'statement%20feb.pdf'],
    ['../../etc/passwd', 'attachment; filename="_.._etc_passwd"; filename*=UTF-8\'\'_.._etc_passwd'],
    ['a"b\r\nc.txt', 'attachment; filename="a_b__c.txt"; filename*=UTF-8\'\'a_b__c.txt'],
    ['résumé.pdf', 'attachment; filename="r_sum_.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf'],
    ['evil\u202Efdp.exe', 'attachment; filename="evil_fdp.exe"; filename*=UTF-8\'\'evil_fdp.exe'],
    ['...', 'attachment; filename="download"; filename*=UTF-8\'\'download'],
  ])('%j', (name, expected) => {
    expect(attachmentDisposition(name)).toBe(expected);
  });
});
