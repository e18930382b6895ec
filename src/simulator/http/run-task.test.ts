import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, simulatorRunSchema } from '../testing/contract-schemas';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('POST /v2/tasks/{task_id}/run', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  function runTask(body: unknown, headers: Record<string, string> = {}, taskId = 'task_Bq5Zr7Lm') {
    return sim.api(`/tasks/${taskId}/run`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  }

  it('creates a queued run that follows the success scenario by default', async () => {
    const response = await runTask({ source_id: 'src_Pz4Lq0Nd', input: { pay_period: '2026-02' }, request_id: 'my-trace-1' });
    expect(response.status).toBe(201);
    const run = simulatorRunSchema.parse(await response.json());
    expect(run).toMatchObject({ status: 'queued', task_id: 'task_Bq5Zr7Lm', source_id: 'src_Pz4Lq0Nd', result: null });
    expect(run.request_id).not.toBe('my-trace-1');
    await sim.advance(2 * 60_000);
    const { run: done } = await readRun(sim, run.id, 'input');
    expect(done).toMatchObject({ status: 'completed', result: 'success', input: { pay_period: '2026-02' } });
  });

  it('lets input.scenario pick the scenario', async () => {
    const response = await runTask({ credential_id: 'cred_7Hn2QpZc', input: { scenario: 'fail_auth_invalid' } });
    const run = simulatorRunSchema.parse(await response.json());
    await sim.advance(60_000);
    expect((await readRun(sim, run.id)).run.errors?.[0]?.code).toBe('auth_invalid');
  });

  it.each([
    ['an unknown scenario', { source_id: 'src_a', input: { scenario: 'nope' } }, 'input_invalid'],
    ['neither source nor credential', { input: {} }, 'input_missing'],
    ['a malformed source id', { source_id: 'src_<x>' }, 'source_invalid'],
    ['a body that is not an object', [1, 2], 'body_invalid'],
    ['a body that is not JSON', '{"source_id":', 'body_invalid'],
  ])('rejects %s with 400', async (_label, body, code) => {
    const response = await runTask(body);
    expect(response.status).toBe(400);
    expect(expectEnvelope(await response.json()).errors[0]?.code).toBe(code);
  });

  it('answers 404 task_not_found for a malformed task id', async () => {
    const response = await runTask({ source_id: 'src_a' }, {}, 'not-a-task');
    expect(response.status).toBe(404);
    expect(expectEnvelope(await response.json()).errors[0]?.code).toBe('task_not_found');
  });

  it('replays the first response for the same Idempotency-Key and parameters', async () => {
    const body = { source_id: 'src_Pz4Lq0Nd', input: { n: 1 } };
    const first = await runTask(body, { 'Idempotency-Key': 'key-replay' });
    const firstBody = await first.text();
    await sim.advance(30_000);
    const second = await runTask(body, { 'Idempotency-Key': 'key-replay' });
    expect(second.status).toBe(201);
    expect(await second.text()).toBe(firstBody);
    const list = (await (await sim.api('/task-runs?limit=100&source_id=src_Pz4Lq0Nd')).json()) as { data: { id: string }[] };
    expect(list.data.filter((run) => run.id === JSON.parse(firstBody).id)).toHaveLength(1);
  });

  it('answers 409 idempotency_error for the same key with different parameters', async () => {
    await runTask({ source_id: 'src_a', input: { n: 1 } }, { 'Idempotency-Key': 'key-conflict' });
    const response = await runTask({ source_id: 'src_a', input: { n: 2 } }, { 'Idempotency-Key': 'key-conflict' });
    expect(response.status).toBe(409);
    expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'idempotency', code: 'idempotency_error' });
  });

  it('answers 400 idempotency_key_error for keys over 256 characters', async () => {
    const response = await runTask({ source_id: 'src_a' }, { 'Idempotency-Key': 'k'.repeat(257) });
    expect(response.status).toBe(400);
    expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'idempotency', code: 'idempotency_key_error' });
    expect((await runTask({ source_id: 'src_a' }, { 'Idempotency-Key': 'k'.repeat(256) })).status).toBe(201);
  });

  it('does not cache failed attempts: a retry with the same key executes', async () => {
    const failed = await runTask({ input: {} }, { 'Idempotency-Key': 'key-retry' });
    expect(failed.status).toBe(400);
    const retried = await runTask({ source_id: 'src_a' }, { 'Idempotency-Key': 'key-retry' });
    expect(retried.status).toBe(201);
  });
});
