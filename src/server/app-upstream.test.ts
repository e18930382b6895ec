import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runListResponseSchema, runResponseSchema } from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { CANARY_KEY } from './testing/canary';
import { startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/**
 * How Runwatch behaves towards the upstream: coalescing, stale copies during outages, the mapping
 * of every failure mode, and slowing down on 429. All against the real simulator over HTTP.
 */

let sim: StartedSimulator;
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
});

afterAll(async () => {
  for (const h of harnesses) await h.close();
  await sim?.close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ simulator: sim, ...options });
  harnesses.push(h);
  return h;
}

function runPath(id: string) {
  return `/v2/task-runs/${id}`;
}

async function callsTo(h: Harness, path: string, method = 'GET') {
  return (await h.upstreamRequests()).filter((r) => r.path === path && r.method === method);
}

describe('coalescing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.simControl('faults', undefined, 'DELETE');
  });

  it('turns 50 concurrent reads of one run into one upstream call', async () => {
    const run = await h.createRun('long_running');
    // A slow upstream keeps the first call in flight while the other 49 arrive.
    await h.simControl('faults', { kind: 'slow', count: 5, delayMs: 300, pathPrefix: runPath(run.id) });
    await h.resetUpstreamRequests();
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.request(`/api/runs/${run.id}`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.every((r) => runResponseSchema.parse(r.json()).run.id === run.id)).toBe(true);
    expect(responses.filter((r) => r.headers.get('x-cache') === 'MISS')).toHaveLength(1);
    expect(await callsTo(h, runPath(run.id))).toHaveLength(1);
  });

  it('serves a finished run to many polling viewers from one upstream read', async () => {
    const run = await h.createRun('success');
    await h.advance(10 * 60_000);
    await h.resetUpstreamRequests();
    for (let round = 0; round < 5; round++) {
      const responses = await Promise.all(Array.from({ length: 20 }, () => h.request(`/api/runs/${run.id}`)));
      expect(responses.every((r) => runResponseSchema.parse(r.json()).run.status === 'completed')).toBe(true);
    }
    expect(await callsTo(h, runPath(run.id))).toHaveLength(1);
    const again = await h.request(`/api/runs/${run.id}`);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(Number(again.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('keeps different include sets apart', async () => {
    const run = await h.createRun('success');
    await h.advance(10 * 60_000);
    await h.resetUpstreamRequests();
    const plain = runResponseSchema.parse((await h.request(`/api/runs/${run.id}`)).json());
    const full = runResponseSchema.parse((await h.request(`/api/runs/${run.id}?include=artifacts,input,storage`)).json());
    const reordered = await h.request(`/api/runs/${run.id}?include=storage,input&include=artifacts`);
    expect(plain.run.screenshots).toBeUndefined();
    expect(full.run.screenshots?.length).toBeGreaterThan(0);
    expect(reordered.headers.get('x-cache')).toBe('HIT');
    expect(await callsTo(h, runPath(run.id))).toHaveLength(2);
  });
});

describe('upstream failures', () => {
  let h: Harness;
  beforeAll(async () => {
    // No reuse window, so every request goes to the upstream; short timeouts for the hang case.
    h = await harness({
      cache: { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
      client: { attemptTimeoutMs: 300, readDeadlineMs: 1_500, retryBaseDelayMs: 10 },
    });
  });
  afterEach(async () => {
    await h.simControl('faults', undefined, 'DELETE');
  });

  it('serves the last good copy marked stale during an outage, and fresh data after', async () => {
    const run = await h.createRun('long_running');
    const first = await h.request(`/api/runs/${run.id}`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(runResponseSchema.parse(first.json()).freshness.stale).toBe(false);

    await h.simControl('faults', { kind: '503', count: 1000, pathPrefix: '/v2/task-runs' });
    const stale = await h.request(`/api/runs/${run.id}`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('STALE');
    expect(stale.headers.get('age')).toMatch(/^\d+$/);
    expect(stale.headers.get('x-stale-reason')).toBe('server');
    const body = runResponseSchema.parse(stale.json());
    expect(body.run.id).toBe(run.id);
    expect(body.freshness.stale).toBe(true);

    const list = await h.request('/api/runs');
    expect(list.status).toBe(502);
    const neverSeen = await h.createRun('long_running');
    await expectApiError(await h.request(`/api/runs/${neverSeen.id}`), { status: 502, code: 'upstream_error' });

    await h.simControl('faults', undefined, 'DELETE');
    const recovered = await h.request(`/api/runs/${run.id}`);
    expect(recovered.headers.get('x-cache')).toBe('MISS');
    expect(runResponseSchema.parse(recovered.json()).freshness.stale).toBe(false);
    expect(runListResponseSchema.parse((await h.request('/api/runs')).json()).freshness.stale).toBe(false);
  });

  it('serves a stale list during an outage', async () => {
    expect((await h.request('/api/runs?limit=7')).status).toBe(200);
    await h.simControl('faults', { kind: '500', count: 1000, pathPrefix: '/v2/task-runs' });
    const stale = await h.request('/api/runs?limit=7');
    expect(stale.status).toBe(200);
    expect(runListResponseSchema.parse(stale.json()).freshness.stale).toBe(true);
  });

  it.each([
    ['500', 502, 'upstream_error', 3],
    ['503', 502, 'upstream_error', 3],
    ['malformed_json', 502, 'upstream_error', 1],
    ['reset', 502, 'upstream_unreachable', 3],
    ['401', 502, 'upstream_auth', 1],
    ['hang', 504, 'upstream_timeout', 3],
  ] as const)('maps an upstream %s to %i %s (after %i attempts)', async (kind, status, code, attempts) => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    await h.simControl('faults', { kind, count: 100, pathPrefix: runPath(run.id) });
    const error = await expectApiError(await h.request(`/api/runs/${run.id}`), { status, code });
    if (kind === '401') expect(error.message).toBe('the upstream rejected the configured key');
    if (kind === '500' || kind === '503' || kind === '401') expect(error.upstreamRequestId).toMatch(/^req_/);
    const calls = await callsTo(h, runPath(run.id));
    if (kind === 'hang') {
      expect(calls.length).toBeGreaterThanOrEqual(1);
      expect(calls.length).toBeLessThanOrEqual(attempts);
    } else {
      expect(calls).toHaveLength(attempts);
    }
    // The server is still fine afterwards.
    await h.simControl('faults', undefined, 'DELETE');
    expect((await h.request('/healthz')).status).toBe(200);
    expect((await h.request(`/api/runs/${run.id}`)).status).toBe(200);
  });

  it('recovers when a transient failure clears within the retries', async () => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    await h.simControl('faults', { kind: '503', count: 1, pathPrefix: runPath(run.id) });
    const response = await h.request(`/api/runs/${run.id}`);
    expect(response.status).toBe(200);
    expect((await callsTo(h, runPath(run.id))).map((c) => c.status)).toEqual([503, 200]);
  });

  it('maps an unknown run to 404 run_not_found', async () => {
    const error = await expectApiError(await h.request('/api/runs/trun_doesNotExist42'), { status: 404, code: 'run_not_found' });
    expect(error.message).toBe('run not found');
    expect(error.upstreamRequestId).toMatch(/^req_/);
  });

  it('sends an action once, never retrying it', async () => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    await h.simControl('faults', { kind: '503', count: 10, pathPrefix: `${runPath(run.id)}/cancel` });
    await expectApiError(await h.post(`/api/runs/${run.id}/cancel`, {}), { status: 502, code: 'upstream_error' });
    expect(await callsTo(h, `${runPath(run.id)}/cancel`, 'POST')).toHaveLength(1);
    expect(h.audits.at(-1)).toMatchObject({ action: 'run.canceled', outcome: 'failed', runId: run.id, detail: 'upstream_error' });
  });
});

describe('upstream rate limiting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({
      cache: { activeTtlMs: 0, failureTtlMs: 0 },
      client: { attemptTimeoutMs: 500, readDeadlineMs: 2_500, retryBaseDelayMs: 10 },
    });
  });

  it('waits out a short 429 for all viewers instead of passing it on', async () => {
    // A deadline far above the 1 s pause, so a slow machine cannot turn the wait into a 503.
    const patient = await harness({
      cache: { activeTtlMs: 0, failureTtlMs: 0 },
      client: { attemptTimeoutMs: 2_000, readDeadlineMs: 10_000, retryBaseDelayMs: 10 },
    });
    const run = await patient.createRun('long_running');
    await patient.resetUpstreamRequests();
    await patient.simControl('faults', { kind: '429', count: 1, retryAfterSeconds: 1 });
    const responses = await Promise.all(Array.from({ length: 20 }, () => patient.request(`/api/runs/${run.id}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await callsTo(patient, runPath(run.id))).map((c) => c.status)).toEqual([429, 200]);
  });

  it('holds every upstream call during a long pause and answers 503 upstream_busy, never 429', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => h.createRun('long_running')));
    await h.resetUpstreamRequests();
    await h.simControl('faults', { kind: '429', count: 1, retryAfterSeconds: 3 });
    const first = await h.request(`/api/runs/${runs[0]!.id}`);
    await expectApiError(first, { status: 503, code: 'upstream_busy' });
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const others = await Promise.all(runs.slice(1).map((run) => h.request(`/api/runs/${run.id}`)));
    for (const response of others) {
      await expectApiError(response, { status: 503, code: 'upstream_busy' });
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // Only the call that met the 429 went out; the others waited in Runwatch's budget.
    expect(await h.upstreamRequests()).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('never let the API key into a response or a log line', () => {
    const all = harnesses.flatMap((h) => h.leaks());
    expect(harnesses.reduce((n, h) => n + h.logs.length, 0)).toBeGreaterThan(50);
    expect(all).toEqual([]);
  });
});
