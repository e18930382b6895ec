import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID, expectEnvelope, testResponseSchema } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('simulator /v2 authentication and error envelope', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers GET /test with ready, live and a fresh request id', async () => {
    const first = await sim.apiJson('/test', testResponseSchema);
    const second = await sim.apiJson('/test', testResponseSchema);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'ready', environment: 'live' });
    expect(first.body.request_id).toMatch(REQUEST_ID);
    expect(second.body.request_id).not.toBe(first.body.request_id);
  });

  it.each([
    ['missing', null],
    ['wrong', 'sk_live_wrong'],
    ['a prefix of the real key', 'sk_live_test'],
  ])('rejects a %s key with 401 api_key_invalid', async (_label, key) => {
    const response = await sim.api('/task-runs', { key });
    expect(response.status).toBe(401);
    const body = expectEnvelope(await response.json());
    expect(body.errors[0]).toMatchObject({ type: 'request', code: 'api_key_invalid' });
    expect(body.request_id).toMatch(REQUEST_ID);
  });

  it('rejects a non-Bearer authorization scheme', async () => {
    const response = await fetch(`${sim.started.baseUrl}/test`, { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(response.status).toBe(401);
  });

  it('returns the envelope for unknown endpoints and unknown runs', async () => {
    const unknownEndpoint = await sim.api('/nope');
    expect(unknownEndpoint.status).toBe(404);
    expect(expectEnvelope(await unknownEndpoint.json()).errors[0]?.code).toBe('not_found');

    const unknownRun = await sim.api('/task-runs/trun_doesNotExist');
    expect(unknownRun.status).toBe(404);
    expect(expectEnvelope(await unknownRun.json()).errors[0]).toMatchObject({ type: 'request', code: 'task_run_not_found' });
  });

  it('refuses oversized bodies with 413 before parsing them', async () => {
    const { id } = await sim.createRun('mfa');
    const response = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(response.status).toBe(413);
    expect(expectEnvelope(await response.json()).errors[0]?.code).toBe('body_too_large');
  });
});

describe('simulator rate limit', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers 429 rate_limit_exceeded without rate-limit headers once the window is full', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await sim.api('/test')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);

    const limited = await sim.api('/test');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect([...limited.headers.keys()].some((name) => name.toLowerCase().startsWith('x-ratelimit'))).toBe(false);
    expect(expectEnvelope(await limited.json()).errors[0]).toMatchObject({ type: 'rate_limit', code: 'rate_limit_exceeded' });
  });

  it('lets requests through again after the limit is changed at run time', async () => {
    const settings = await sim.control('POST', '/settings', { rateLimit: false });
    expect(settings.body).toMatchObject({ rateLimit: false });
    expect((await sim.api('/test')).status).toBe(200);
  });
});
