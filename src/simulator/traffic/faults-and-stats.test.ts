import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectEnvelope, testResponseSchema } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

interface Stats {
  requests: { method: string; path: string; query: string; status: number }[];
}

describe('fault injection', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterEach(async () => {
    await sim.control('DELETE', '/faults');
  });
  afterAll(async () => {
    await sim.close();
  });

  async function arm(fault: Record<string, unknown>) {
    const { status } = await sim.control('POST', '/faults', fault);
    expect(status).toBe(201);
  }

  it.each([
    ['500', 500, 'api', 'api_error'],
    ['503', 503, 'api', 'service_unavailable'],
    ['401', 401, 'request', 'api_key_invalid'],
    ['429', 429, 'rate_limit', 'rate_limit_exceeded'],
  ])('%s answers with the envelope for exactly `count` requests', async (kind, status, type, code) => {
    await arm({ kind, count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const response = await sim.api('/test');
      expect(response.status).toBe(status);
      expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type, code });
    }
    expect((await sim.api('/test')).status).toBe(200);
  });

  it('429 sends Retry-After only when asked to', async () => {
    await arm({ kind: '429', count: 1 });
    expect((await sim.api('/test')).headers.get('retry-after')).toBeNull();
    await arm({ kind: '429', count: 1, retryAfterSeconds: 7 });
    expect((await sim.api('/test')).headers.get('retry-after')).toBe('7');
  });

  it('malformed_json answers 200 with a body that does not parse', async () => {
    await arm({ kind: 'malformed_json', count: 1 });
    const response = await sim.api('/test');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow();
  });

  it('slow delays and then answers normally', async () => {
    await arm({ kind: 'slow', count: 1, delayMs: 30 });
    const response = await sim.api('/test');
    expect(response.status).toBe(200);
    testResponseSchema.parse(await response.json());
  });

  it('reset drops the connection without a response', async () => {
    await arm({ kind: 'reset', count: 1 });
    await expect(sim.api('/test')).rejects.toThrow();
    expect((await sim.api('/test')).status).toBe(200);
  });

  it('hang never answers; the client gives up', async () => {
    await arm({ kind: 'hang', count: 1 });
    await expect(sim.api('/test', { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect((await sim.api('/test')).status).toBe(200);
  });

  it('applies only to paths under pathPrefix', async () => {
    const { id } = await sim.createRun('success');
    await arm({ kind: '500', count: 1, pathPrefix: `/v2/task-runs/${id}` });
    expect((await sim.api('/task-runs')).status).toBe(200);
    expect((await sim.api('/test')).status).toBe(200);
    expect((await sim.api(`/task-runs/${id}`)).status).toBe(500);
    expect((await sim.api(`/task-runs/${id}`)).status).toBe(200);
  });

  it('lists armed faults and clears them with DELETE', async () => {
    await arm({ kind: '503', count: 5 });
    const listed = await sim.control('GET', '/faults');
    expect((listed.body as { data: { kind: string; count: number }[] }).data).toEqual([{ kind: '503', count: 5 }]);
    await sim.control('DELETE', '/faults');
    expect((await sim.api('/test')).status).toBe(200);
  });

  it('rejects unknown fault kinds and bad counts', async () => {
    expect((await sim.control('POST', '/faults', { kind: 'explode', count: 1 })).status).toBe(400);
    expect((await sim.control('POST', '/faults', { kind: '500', count: 0 })).status).toBe(400);
  });
});

describe('request stats', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('records every /v2 request with method, path, query and status, and resets', async () => {
    await sim.control('POST', '/stats/reset');
    await sim.api('/task-runs?limit=5&status=running');
    await sim.api('/task-runs/trun_missing');
    await sim.api('/test', { key: 'sk_live_wrong' });
    await sim.control('POST', '/faults', { kind: 'reset', count: 1 });
    await sim.api('/test').catch(() => undefined);
    const { body } = await sim.control('GET', '/stats');
    expect((body as Stats).requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v2/task-runs', query: 'limit=5&status=running', status: 200 }),
      expect.objectContaining({ method: 'GET', path: '/v2/task-runs/trun_missing', query: '', status: 404 }),
      expect.objectContaining({ method: 'GET', path: '/v2/test', status: 401 }),
      expect.objectContaining({ method: 'GET', path: '/v2/test', status: 0 }),
    ]);

    await sim.control('POST', '/stats/reset');
    expect(((await sim.control('GET', '/stats')).body as Stats).requests).toEqual([]);
  });

  it('does not count control calls or file downloads', async () => {
    await sim.control('POST', '/stats/reset');
    await sim.createRun('success');
    await sim.control('GET', '/scenarios');
    expect(((await sim.control('GET', '/stats')).body as Stats).requests).toHaveLength(0);
  });
});

describe('closing while a request hangs', () => {
  it('close() destroys the hung connection and resolves', async () => {
    const sim = await startTestSimulator();
    await sim.control('POST', '/faults', { kind: 'hang', count: 1 });
    const hung = sim.api('/test').then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(async () => {
      expect(((await sim.control('GET', '/stats')).body as Stats).requests).toHaveLength(1);
    });
    await sim.close();
    expect(await hung).toBe('failed');
  });
});
