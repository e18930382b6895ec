import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../contract/bff';
import { ROLES } from './http/principal';
import { API_BODY_LIMIT_BYTES } from './app';
import { CONTENT_SECURITY_POLICY } from './middleware/security-headers';
import { startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

let h: Harness;
let staticDir: string;

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-static-'));
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runwatch</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-3f9a1c.js'), 'console.log(1)');
  fs.writeFileSync(path.join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(staticDir, '.env'), 'SECRET=1');
  h = await startHarness({ staticDir });
});

afterAll(async () => {
  await h?.close();
});

/** A GET with the path exactly as given (no URL normalisation), like a hand-made attack would send. */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/`, { method: 'GET', path: rawPath, headers: { 'x-test-role': 'operator' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function upstreamCallCount(): Promise<number> {
  return (await h.upstreamRequests()).length;
}

describe('headers on every response', () => {
  it.each(['/healthz', '/api/runs', '/api/nope', '/', '/assets/app-3f9a1c.js'])('%s carries the security headers', async (pathname) => {
    const response = await h.request(pathname, { headers: { accept: 'text/html', origin: 'https://evil.example' } });
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^rw_[A-Za-z0-9_-]{16}$/);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('marks API answers as not cacheable', async () => {
    expect((await h.request('/api/runs')).headers.get('cache-control')).toBe('no-store');
    expect((await h.request('/api/nope')).headers.get('cache-control')).toBe('no-store');
  });

  it('gives every request its own id', async () => {
    const a = await h.request('/healthz');
    const b = await h.request('/healthz', { headers: { 'x-request-id': 'rw_forged' } });
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    expect(b.headers.get('x-request-id')).not.toBe('rw_forged');
  });
});

describe('health', () => {
  it('answers /healthz without calling the upstream', async () => {
    await h.resetUpstreamRequests();
    const response = await h.request('/healthz');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(await upstreamCallCount()).toBe(0);
  });

  it('answers /readyz with 503 once draining', async () => {
    const harness = await startHarness({ simulator: h.sim });
    try {
      expect((await harness.request('/readyz')).status).toBe(200);
      harness.runwatch.markDraining();
      await expectApiError(await harness.request('/readyz'), { status: 503, code: 'not_ready' });
      expect((await harness.request('/healthz')).status).toBe(200);
    } finally {
      await harness.close();
    }
  });
});

describe('route table', () => {
  it('gives every route a policy, and reads need a viewer while actions need an operator', () => {
    const routes = h.runwatch.routes.list();
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(['public', ...ROLES]).toContain(route.policy);
    // A viewer may change only what is their own (pins, signal settings) and ask the lookup to resolve
    // pasted ids; everything else that is not a read acts on runs and needs an operator.
    const personal = new Set(['POST /api/lookup/resolve', 'PUT /api/watchlist/:runId', 'DELETE /api/watchlist/:runId', 'PUT /api/signals/settings']);
    for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
      const key = `${route.method} ${route.path}`;
      expect([key, route.policy]).toEqual([key, route.method === 'GET' || personal.has(key) ? 'viewer' : 'operator']);
    }
    // The webhook route is public: the upstream has no session; its signature is checked instead.
    // /metrics has no session either: a scraper brings a bearer token or comes from loopback.
    expect(
      routes
        .filter((r) => r.policy === 'public')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/healthz', '/hooks/upstream', '/metrics', '/readyz']);
  });

  it('has no Hono route under /api that is not in the table', () => {
    const table = new Set(h.runwatch.routes.list().map((r) => `${r.method} ${r.path}`));
    const mounted = h.runwatch.app.routes.filter((r) => r.path.startsWith('/api'));
    for (const route of mounted) {
      if (route.method === 'ALL') {
        // Only the shared /api middleware (CSRF, body limit) is mounted for all methods.
        expect(route.path).toBe('/api/*');
        continue;
      }
      expect(table.has(`${route.method} ${route.path}`)).toBe(true);
    }
  });

  it('answers unknown /api paths with a 404 envelope', async () => {
    await expectApiError(await h.request('/api/nothing/here'), { status: 404, code: 'not_found' });
    await expectApiError(await h.request('/api/runs', { method: 'PUT' }), { status: 403, code: 'csrf_rejected' });
  });
});

describe('authorization', () => {
  it('refuses callers who are not signed in', async () => {
    await expectApiError(await h.request('/api/runs', { role: 'none' }), { status: 401, code: 'unauthenticated' });
  });

  it('refuses actions to viewers before anything reaches the upstream', async () => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    await expectApiError(await h.post(`/api/runs/${run.id}/cancel`, {}, { role: 'viewer' }), { status: 403, code: 'forbidden' });
    expect(await upstreamCallCount()).toBe(0);
    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(200);
  });
});

describe('CSRF defence on unsafe methods', () => {
  const good = (origin: string) => ({ 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin });

  it.each([
    ['a form content type', (o: string) => ({ ...good(o), 'content-type': 'application/x-www-form-urlencoded' })],
    ['text/plain', (o: string) => ({ ...good(o), 'content-type': 'text/plain' })],
    ['no custom header', (o: string) => ({ 'content-type': 'application/json', origin: o })],
    ['a wrong custom header value', (o: string) => ({ ...good(o), [CSRF_HEADER]: '0' })],
    ['a cross-site Origin', () => good('https://evil.example')],
    ['a look-alike Origin on another port', (o: string) => good(o.replace(/:\d+$/, ':1'))],
    ['Origin: null', () => good('null')],
    ['no Origin and no Sec-Fetch-Site', () => ({ 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE })],
    [
      'no Origin and a cross-site Sec-Fetch-Site',
      () => ({ 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, 'sec-fetch-site': 'cross-site' }),
    ],
  ])('rejects %s with 403 and no upstream call', async (_label, headers) => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    const response = await h.request(`/api/runs/${run.id}/cancel`, { method: 'POST', headers: headers(h.url), body: '{}' });
    await expectApiError(response, { status: 403, code: 'csrf_rejected' });
    expect(await upstreamCallCount()).toBe(0);
  });

  it('lets a same-origin browser request through (Origin, or Sec-Fetch-Site without Origin)', async () => {
    const first = await h.createRun('long_running');
    expect((await h.post(`/api/runs/${first.id}/cancel`, {})).status).toBe(200);
    const second = await h.createRun('long_running');
    const response = await h.request(`/api/runs/${second.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [CSRF_HEADER]: CSRF_HEADER_VALUE, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(response.status).toBe(200);
  });

  it('limits request bodies', async () => {
    const run = await h.createRun('mfa');
    const response = await h.post(`/api/runs/${run.id}/interaction`, { input: { code: 'x'.repeat(API_BODY_LIMIT_BYTES) } });
    await expectApiError(response, { status: 413, code: 'payload_too_large' });
  });
});

describe('hostile ids', () => {
  const hostile = [
    '..%2F..%2Fetc%2Fpasswd',
    'trun_abc%2F..%2Ftask-runs',
    'trun_abc%00',
    'trun_abc%0d%0aX-Injected:1',
    `trun_${'a'.repeat(200)}`,
    'trun_%C3%BCnicode',
    'trun_%F0%9F%92%A5',
    'req_abc',
    'trun_abc%3Fstatus%3Dfailed',
    '%E0%A4%A',
  ];

  it.each(hostile)('GET /api/runs/%s is refused with 400 and no upstream call', async (id) => {
    await h.resetUpstreamRequests();
    for (const suffix of ['', '/timeline', '/screenshots/0', '/files/stor_abc']) {
      await expectApiError(await h.request(`/api/runs/${id}${suffix}`), { status: 400, code: 'invalid_id', what: `${id}${suffix}` });
    }
    await expectApiError(await h.post(`/api/runs/${id}/interaction`, { input: { code: '1' } }), { status: 400, code: 'invalid_id' });
    await expectApiError(await h.post(`/api/runs/${id}/cancel`, {}), { status: 400, code: 'invalid_id' });
    expect(await upstreamCallCount()).toBe(0);
  });

  it('never lets a literal dot-dot segment reach the upstream (the server resolves dot segments before routing)', async () => {
    await h.resetUpstreamRequests();
    for (const rawPath of ['/api/runs/..', '/api/runs/../timeline', '/api/runs/trun_x/files/..']) {
      const { status, body } = await rawGet(h.url, rawPath);
      expect([400, 404], rawPath).toContain(status);
      await expectApiError({ status, json: () => JSON.parse(body) }, { status, code: status === 404 ? 'not_found' : 'invalid_id', what: rawPath });
    }
    expect(await upstreamCallCount()).toBe(0);
  });

  it('refuses hostile storage ids, screenshot indexes and request ids without calling the upstream', async () => {
    await h.resetUpstreamRequests();
    await expectApiError(await h.request('/api/runs/trun_abc/files/..%2Fsecret'), { status: 400, code: 'invalid_id' });
    await expectApiError(await h.request('/api/runs/trun_abc/screenshots/-1'), { status: 400, code: 'invalid_id' });
    await expectApiError(await h.request('/api/runs/trun_abc/screenshots/1e3'), { status: 400, code: 'invalid_id' });
    await expectApiError(await h.request('/api/lookup/request/trun_abc'), { status: 400, code: 'invalid_id' });
    await expectApiError(await h.request('/api/lookup/request/req_%00'), { status: 400, code: 'invalid_id' });
    expect(await upstreamCallCount()).toBe(0);
  });

  it('refuses bad list filters and unknown parameters without calling the upstream', async () => {
    await h.resetUpstreamRequests();
    for (const query of [
      'status=exploded',
      'limit=0',
      'limit=101',
      'source_id=../x',
      'created_after=yesterday',
      'cursor=%00',
      'agent_id=agt_a&agent_id=agt_b',
      'surprise=1',
    ]) {
      await expectApiError(await h.request(`/api/runs?${query}`), { status: 400, code: 'invalid_request' });
    }
    await expectApiError(await h.request('/api/runs/trun_abc?include=secrets'), { status: 400, code: 'invalid_request' });
    expect(await upstreamCallCount()).toBe(0);
  });

  it('passes valid list filters on to the upstream', async () => {
    await h.resetUpstreamRequests();
    const response = await h.request('/api/runs?status=running,failed&status=queued&limit=5&outcome=failure');
    expect(response.status).toBe(200);
    const [call] = await h.upstreamRequests();
    expect(call?.path).toBe('/v2/task-runs');
    expect(new URLSearchParams(call?.query).getAll('status')).toEqual(['failed', 'queued', 'running']);
    expect(new URLSearchParams(call?.query).get('limit')).toBe('5');
  });
});

describe('the built SPA', () => {
  it('serves hashed assets for good and index.html never cached', async () => {
    const asset = await h.request('/assets/app-3f9a1c.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const page = await h.request('/runs/trun_abc', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Runwatch</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves files outside the build or dotfiles, and does not fall back for non-HTML requests', async () => {
    for (const pathname of ['/..%2F..%2Fetc%2Fpasswd', '/.env', '/assets/..%2F.env']) {
      const response = await h.request(pathname);
      expect(response.status, pathname).toBe(404);
      expect(response.text).not.toContain('SECRET');
    }
    expect((await h.request('/missing.js')).status).toBe(404);
    expect((await h.request('/api/runs/../../.env', { headers: { accept: 'text/html' } })).text).not.toContain('SECRET');
  });
});

describe('secrets', () => {
  it('never let the API key into a response or a log line', () => {
    expect(h.logs.length).toBeGreaterThan(10);
    expect(h.leaks()).toEqual([]);
  });
});
