import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { createLogger } from '../logger';
import { metricsRegistry } from '../metrics/metrics';
import { startFullAppTestServer, type FullAppTestServer } from '../testing/full-app-test-server';
import { rawGet, type RawResponse } from '../testing/raw-get';
import { RUN_READ_POLICY, RUN_READ_ROUTE, runReadLane } from './run-read-lane';

/**
 * The run read lane answers exactly as the app does. Two servers on loopback over one real
 * Runwatch (real sign-in and sessions, the simulator over HTTP): one runs the lane in front of the
 * app, the other the app alone; the same requests go to both and must get the same status, the
 * same headers (the request id's value and Date aside) and the same body bytes (an error
 * envelope's request id aside). Runwatch's clock is held still (only `Date`), so a copy's age is
 * the same for both reads.
 */

const PROXY_HEADER = 'x-forwarded-user';

let app: FullAppTestServer;
let laneUrl: string;
let appUrl: string;
let cookie: string;
/** Requests the lane handed to the app, by URL. */
const handedOn: string[] = [];
const laneLines: Record<string, unknown>[] = [];
const servers: http.Server[] = [];

async function listen(listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // Before anything keeps a reference to Date.now (the run reader's clock).
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  app = await startFullAppTestServer({ env: { RUNWATCH_TRUSTED_PROXIES: '127.0.0.1', RUNWATCH_PROXY_USER_HEADER: PROXY_HEADER } });
  const appListener = getRequestListener(app.runwatch.app.fetch, { hostname: '127.0.0.1' });
  const log = createLogger({ level: 'debug', write: (line) => laneLines.push(JSON.parse(line) as Record<string, unknown>) });
  const lane = runReadLane({
    reader: app.runwatch.reader,
    bodies: app.runwatch.runBodies,
    identify: app.auth.identify,
    log,
    next: (incoming, outgoing) => {
      handedOn.push(incoming.url ?? '');
      return appListener(incoming, outgoing);
    },
  });
  laneUrl = await listen(lane);
  appUrl = await listen(appListener);
  cookie = await app.signInAs('viewer');
}, 60_000);

afterAll(async () => {
  vi.useRealTimers();
  for (const server of servers) {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
  await app?.close();
});

async function finishedRun(): Promise<UpstreamTaskRun> {
  const run = await app.simControl<UpstreamTaskRun>('scenarios', { scenario: 'success' });
  await app.simControl('clock/advance', { ms: 2 * 60 * 60_000 });
  return run;
}

/** Arms `count` upstream failures of one kind for one run's reads. */
async function failReads(runId: string, kind: '503' | '401'): Promise<void> {
  await app.simControl('faults', { kind, count: 50, pathPrefix: `/v2/task-runs/${runId}` });
}

/** What must match between the two paths: the request id and Date apart. */
function comparable(response: RawResponse) {
  const { date: _date, 'x-request-id': requestId, ...headers } = response.headers;
  expect(requestId).toMatch(/^rw_[A-Za-z0-9_-]{16}$/);
  let body = response.body.toString('base64');
  if (response.status >= 400) {
    // An error envelope names its request id; the rest must be the same.
    const coding = response.headers['content-encoding'];
    const text = (coding === 'gzip' ? zlib.gunzipSync(response.body) : response.body).toString();
    const envelope = JSON.parse(text) as { error: { requestId: string } };
    expect(envelope.error.requestId).toBe(requestId);
    body = JSON.stringify({ ...envelope, error: { ...envelope.error, requestId: null } });
  }
  return { status: response.status, headers, body };
}

/** The same request through the lane, then through the app alone; both answers, checked equal. */
async function bothAnswer(pathname: string, headers: Record<string, string>): Promise<[RawResponse, RawResponse]> {
  const viaLane = await rawGet(laneUrl, pathname, headers);
  const viaApp = await rawGet(appUrl, pathname, headers);
  expect(viaLane.headers['x-request-id']).not.toBe(viaApp.headers['x-request-id']);
  expect(comparable(viaLane)).toEqual(comparable(viaApp));
  return [viaLane, viaApp];
}

/** Whether the lane answered `pathname` itself (true) or handed it to the app. */
function answeredByLane(pathname: string): boolean {
  return !handedOn.includes(pathname);
}

const identity = () => ({ cookie, 'accept-encoding': 'identity' });

describe('run read lane', () => {
  it('answers a miss, a hit, each coding and a 304 as the app does', async () => {
    const run = await finishedRun();
    const pathname = `/api/runs/${run.id}?include=input,storage,artifacts`;

    // Each path fetches a copy of its own: the ETag names the copy's bytes, so its serial differs.
    const missLane = await rawGet(laneUrl, pathname, identity());
    app.runwatch.reader.forgetMany([run.id]);
    const missApp = await rawGet(appUrl, pathname, identity());
    expect([missLane.headers['x-cache'], missApp.headers['x-cache']]).toEqual(['MISS', 'MISS']);
    const withoutSerial = (response: RawResponse) => {
      const c = comparable(response);
      return { ...c, headers: { ...c.headers, etag: String(c.headers.etag).replace(/^W\/"[^.]+\.[^.]+\./, 'W/"') } };
    };
    expect(missLane.headers.etag).not.toBe(missApp.headers.etag);
    // Two upstream reads: the run names the upstream request that read it; the rest is the same bytes.
    const upstreamRequestId = (response: RawResponse) => (JSON.parse(response.body.toString()) as { run: { upstreamRequestId: string } }).run.upstreamRequestId;
    const sameRead = Buffer.from(missLane.body.toString().replace(upstreamRequestId(missLane), upstreamRequestId(missApp)));
    expect(withoutSerial({ ...missLane, body: sameRead })).toEqual(withoutSerial(missApp));

    const [hit] = await bothAnswer(pathname, identity());
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers['content-length']).toBe(String(hit.body.length));
    expect(hit.headers['cache-control']).toBe('no-store');
    expect(hit.headers['content-security-policy']).toContain("default-src 'self'");

    const [gzip] = await bothAnswer(pathname, { cookie, 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const [br] = await bothAnswer(pathname, { cookie, 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(zlib.gunzipSync(gzip.body))).toBe(true);
    expect(zlib.gunzipSync(gzip.body).equals(hit.body)).toBe(true);

    const [notModified] = await bothAnswer(pathname, { ...identity(), 'if-none-match': String(hit.headers.etag) });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);

    expect(answeredByLane(pathname)).toBe(true);
  });

  it('answers a stale copy after the upstream failed as the app does', async () => {
    const run = await finishedRun();
    const pathname = `/api/runs/${run.id}`;
    await rawGet(appUrl, pathname, identity());
    // Past the finished run's reuse window, with the upstream failing.
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await failReads(run.id, '503');
    const [stale] = await bothAnswer(pathname, identity());
    expect(stale.status).toBe(200);
    expect(stale.headers['x-cache']).toBe('STALE');
    expect(stale.headers['x-stale-reason']).toBeDefined();
    expect(answeredByLane(pathname)).toBe(true);
  });

  it('answers upstream failures with the same error envelope, and reads the upstream once', async () => {
    const unknown = await bothAnswer('/api/runs/trun_neverexisted42', identity());
    expect(unknown[0].status).toBe(404);
    expect(answeredByLane('/api/runs/trun_neverexisted42')).toBe(true);

    const failing = await finishedRun();
    await failReads(failing.id, '503');
    const [unavailable] = await bothAnswer(`/api/runs/${failing.id}`, { cookie, 'accept-encoding': 'gzip' });
    expect(unavailable.status).toBeGreaterThanOrEqual(500);
    expect(answeredByLane(`/api/runs/${failing.id}`)).toBe(true);

    const refused = await finishedRun();
    await failReads(refused.id, '401');
    const [rejected] = await bothAnswer(`/api/runs/${refused.id}?include=artifacts`, identity());
    expect(rejected.status).toBeGreaterThanOrEqual(500);
    expect((JSON.parse(rejected.body.toString()) as { error: { code: string } }).error.code).toBe('upstream_auth');
    expect(answeredByLane(`/api/runs/${refused.id}?include=artifacts`)).toBe(true);
  });

  it('hands what the app refuses to the app: an invalid id, nobody signed in, an unknown include', async () => {
    const run = await finishedRun();
    const cases: [string, Record<string, string>, number][] = [
      ['/api/runs/not-a-run', identity(), 400],
      [`/api/runs/${run.id}`, { 'accept-encoding': 'identity' }, 401],
      [`/api/runs/${run.id}?include=bogus`, identity(), 400],
      [`/api/runs/${run.id}?include=input&limit=2`, identity(), 400],
      [`/api/runs/${run.id}/timeline`, identity(), 200],
    ];
    for (const [pathname, headers, status] of cases) {
      const [viaLane] = await bothAnswer(pathname, headers);
      expect(viaLane.status, pathname).toBe(status);
      expect(answeredByLane(pathname), pathname).toBe(false);
    }
  });

  it('hands a request with a Host header the server refuses to the app, which answers 400', async () => {
    const run = await finishedRun();
    for (const host of ['a@b', 'x/y']) {
      const pathname = `/api/runs/${run.id}?include=${host === 'a@b' ? 'input' : 'files'}`;
      const viaLane = await rawGet(laneUrl, pathname, { ...identity(), host });
      const viaApp = await rawGet(appUrl, pathname, { ...identity(), host });
      expect(viaLane.status, host).toBe(400);
      expect(viaLane.status, host).toBe(viaApp.status);
      expect(viaLane.body.toString(), host).toBe(viaApp.body.toString());
      expect(answeredByLane(pathname), host).toBe(false);
    }
  });

  it('signs in a trusted proxy user as the app does', async () => {
    const run = await finishedRun();
    const pathname = `/api/runs/${run.id}?include=storage`;
    await rawGet(appUrl, pathname, identity());
    const [viaLane] = await bothAnswer(pathname, { [PROXY_HEADER]: 'viewer-user', 'accept-encoding': 'identity' });
    expect(viaLane.status).toBe(200);
    expect(answeredByLane(pathname)).toBe(true);
  });

  it('counts its answers under the route pattern and writes the access line', async () => {
    const run = await finishedRun();
    const pathname = `/api/runs/${run.id}`;
    await rawGet(appUrl, pathname, identity());
    const count = async () => {
      const metric = await metricsRegistry.getSingleMetric('runwatch_http_request_duration_seconds')?.get();
      const sample = metric?.values.find(
        (v) =>
          (v as { metricName?: string }).metricName === 'runwatch_http_request_duration_seconds_count' &&
          v.labels.route === '/api/runs/:runId' &&
          v.labels.status === '2xx',
      );
      return sample?.value ?? 0;
    };
    const before = await count();
    const first = await rawGet(laneUrl, pathname, identity());
    await rawGet(laneUrl, pathname, identity());
    expect(await count()).toBe(before + 2);
    expect(answeredByLane(pathname)).toBe(true);
    const line = laneLines.find((l) => l.msg === 'request' && l.requestId === first.headers['x-request-id']);
    expect(line).toMatchObject({ level: 'debug', method: 'GET', path: pathname, status: 200, cache: 'HIT', user: expect.any(String) as unknown });
  });
});

describe('the lane and the route table', () => {
  it('check the same policy for the run read route', () => {
    const routes = app.runwatch.routes.list().filter((r) => r.method === 'GET' && r.path === RUN_READ_ROUTE);
    expect(routes.map((r) => r.policy)).toEqual([RUN_READ_POLICY]);
  });
});
