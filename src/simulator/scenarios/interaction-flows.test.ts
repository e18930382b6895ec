import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, simulatorRunSchema } from '../testing/contract-schemas';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

/** Login takes 3 s queued + 11 s; the prompt is up by then. */
const UNTIL_PROMPT_MS = 15_000;
/** The agent needs 3 s to try an answer on the site. */
const ANSWER_CHECK_MS = 3_000;

describe('interaction scenarios', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function answer(id: string, body: unknown) {
    return sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: JSON.stringify(body) });
  }

  async function waitingRun(scenario: string) {
    const { id } = await sim.createRun(scenario);
    await sim.advance(UNTIL_PROMPT_MS);
    const { run } = await readRun(sim, id);
    expect(run.status).toBe('interaction_required');
    return { id, run };
  }

  it('mfa: rejects 000000 with a fresh prompt, accepts another code and completes', async () => {
    const { id, run } = await waitingRun('mfa');
    expect(run.interaction).toMatchObject({ type: 'mfa', fields: [{ name: 'code', type: 'string', label: 'One-time code' }] });

    const wrong = await answer(id, { input: { code: '000000' } });
    expect(wrong.status).toBe(200);
    expect(simulatorRunSchema.parse(await wrong.json())).toMatchObject({ status: 'running', interaction: null });
    await sim.advance(ANSWER_CHECK_MS);
    const reprompted = await readRun(sim, id);
    expect(reprompted.run.status).toBe('interaction_required');
    expect(reprompted.run.interaction?.message).toMatch(/rejected/i);

    const right = await answer(id, { input: { code: '418302' } });
    expect(right.status).toBe(200);
    await sim.advance(2 * 60_000);
    const done = await readRun(sim, id);
    expect(done.run).toMatchObject({ status: 'completed', result: 'success' });
  });

  it('mfa: 000000 is rejected every time, not just once', async () => {
    const { id } = await waitingRun('mfa');
    for (let i = 0; i < 2; i += 1) {
      expect((await answer(id, { input: { code: '000000' } })).status).toBe(200);
      await sim.advance(ANSWER_CHECK_MS);
      expect((await readRun(sim, id)).run.status).toBe('interaction_required');
    }
  });

  it('mfa_wrong_code: rejects the first code whatever it is, then accepts the next', async () => {
    const { id } = await waitingRun('mfa_wrong_code');
    await answer(id, { input: { code: '123456' } });
    await sim.advance(ANSWER_CHECK_MS);
    const second = await readRun(sim, id);
    expect(second.run.status).toBe('interaction_required');
    expect(second.run.interaction?.message).toMatch(/rejected/i);

    await answer(id, { input: { code: '123456' } });
    await sim.advance(ANSWER_CHECK_MS + 1_000);
    expect((await readRun(sim, id)).run.status).toBe('running');
    await sim.advance(2 * 60_000);
    expect((await readRun(sim, id)).run.status).toBe('completed');
  });

  it.each([
    ['security_question', 'answer', 'Biscuit'],
    ['account_selection', 'account_id', 'ACC-1002'],
  ])('%s asks for field %s and continues after an answer', async (scenario, field, value) => {
    const { id, run } = await waitingRun(scenario);
    expect(run.interaction?.type).toBe(scenario);
    expect(run.interaction?.fields.map((f) => f.name)).toEqual([field]);
    expect((await answer(id, { input: { [field]: value } })).status).toBe(200);
    await sim.advance(2 * 60_000);
    expect((await readRun(sim, id)).run).toMatchObject({ status: 'completed', result: 'success' });
  });

  it('offers account choices as field options only when the fieldOptions setting is on', async () => {
    const { id } = await waitingRun('account_selection');
    const plain = await readRun(sim, id);
    expect((plain.raw.interaction as { fields: Record<string, unknown>[] }).fields[0]).not.toHaveProperty('options');

    await sim.control('POST', '/settings', { fieldOptions: true });
    try {
      const withOptions = await readRun(sim, id);
      expect(withOptions.run.interaction?.fields[0]?.options).toEqual([
        { value: 'ACC-1001', label: 'Checking ending 4821' },
        { value: 'ACC-1002', label: 'Savings ending 0097' },
        { value: 'ACC-2001', label: 'Business ending 3310' },
      ]);
    } finally {
      await sim.control('POST', '/settings', { fieldOptions: false });
    }
  });

  it('accepts the oldest revision body key `inputs`', async () => {
    const { id } = await waitingRun('security_question');
    const response = await answer(id, { inputs: { answer: 'Rex' } });
    expect(response.status).toBe(200);
  });

  it('answers 400 input_missing naming the field when a field is absent or blank', async () => {
    const { id } = await waitingRun('mfa');
    for (const body of [{ input: {} }, { input: { code: '   ' } }, { input: { other: '1' } }]) {
      const response = await answer(id, body);
      expect(response.status).toBe(400);
      expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'request', code: 'input_missing', field: 'code' });
    }
    expect((await readRun(sim, id)).run.status).toBe('interaction_required');
  });

  it('answers 400 for bodies that are not an object of strings', async () => {
    const { id } = await waitingRun('mfa');
    for (const body of ['not json', JSON.stringify({ input: { code: 123456 } }), JSON.stringify([1])]) {
      const response = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body });
      expect(response.status).toBe(400);
      expectEnvelope(await response.json());
    }
  });

  it('answers 409 when the run is not waiting and 404 for an unknown run', async () => {
    const { id } = await sim.createRun('success');
    const notWaiting = await answer(id, { input: { code: '1' } });
    expect(notWaiting.status).toBe(409);
    expect(expectEnvelope(await notWaiting.json()).errors[0]?.type).toBe('request');

    expect((await answer('trun_missing', { input: { code: '1' } })).status).toBe(404);
  });

  it('hostile_text puts markup and right-to-left text into prompt, reasoning, file names and output', async () => {
    const { id, run } = await waitingRun('hostile_text');
    expect(run.interaction?.message).toContain('<script>');
    await answer(id, { input: { answer: 'x' } });
    await sim.advance(2 * 60_000);
    const { run: done } = await readRun(sim, id, 'storage,artifacts');
    expect(done.status).toBe('completed');
    expect(JSON.stringify(done.output)).toContain('javascript:');
    expect(done.storage?.some((item) => item.file_name.includes('<script>'))).toBe(true);
    expect(done.artifacts?.screenshots.some((shot) => shot.reasoning.length > 4_000)).toBe(true);
    expect(done.artifacts?.screenshots.some((shot) => /[\u0590-\u06FF]/.test(shot.reasoning))).toBe(true);
  });
});

describe('review and cancel', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function inReview() {
    const { id } = await sim.createRun('review');
    await sim.advance(2 * 60_000);
    const { run } = await readRun(sim, id);
    expect(run).toMatchObject({ status: 'review_required', result: null });
    return id;
  }

  it('approve completes the run with result success', async () => {
    const id = await inReview();
    const { status, body } = await sim.control('POST', `/task-runs/${id}/review`, { decision: 'approve' });
    expect(status).toBe(200);
    expect(simulatorRunSchema.parse(body)).toMatchObject({ status: 'completed', result: 'success' });
  });

  it('reject fails the run with a review error', async () => {
    const id = await inReview();
    await sim.control('POST', `/task-runs/${id}/review`, { decision: 'reject' });
    const { run } = await readRun(sim, id);
    expect(run).toMatchObject({ status: 'failed', result: 'failure' });
    expect(run.errors?.[0]?.code).toBe('review_rejected');
  });

  it('refuses a review decision for runs not in review', async () => {
    const { id } = await sim.createRun('success');
    expect((await sim.control('POST', `/task-runs/${id}/review`, { decision: 'approve' })).status).toBe(409);
    expect((await sim.control('POST', '/task-runs/trun_missing/review', { decision: 'approve' })).status).toBe(404);
    expect((await sim.control('POST', `/task-runs/${id}/review`, { decision: 'maybe' })).status).toBe(400);
  });

  it('cancels a running run: canceling, then canceled with result null and frozen runtime', async () => {
    const { id } = await sim.createRun('long_running');
    await sim.advance(60_000);
    const response = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(simulatorRunSchema.parse(await response.json()).status).toBe('canceling');

    await sim.advance(5_000);
    const { run } = await readRun(sim, id);
    expect(run).toMatchObject({ status: 'canceled', result: null });
    await sim.advance(60_000);
    expect((await readRun(sim, id)).run.runtime_ms).toBe(run.runtime_ms);
  });

  it.each(['queued', 'interaction_required', 'review_required'])('cancels from %s', async (from) => {
    const scenario = { queued: 'success', interaction_required: 'mfa', review_required: 'review' }[from] ?? 'success';
    const { id } = await sim.createRun(scenario);
    await sim.advance({ queued: 0, interaction_required: UNTIL_PROMPT_MS, review_required: 2 * 60_000 }[from] ?? 0);
    expect((await readRun(sim, id)).run.status).toBe(from);
    const response = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
    expect(simulatorRunSchema.parse(await response.json())).toMatchObject({ status: 'canceling', interaction: null });
    await sim.advance(5_000);
    expect((await readRun(sim, id)).run.status).toBe('canceled');
  });

  it('answers 409 task_run_not_cancelable for finished runs and 404 for unknown runs', async () => {
    const { id } = await sim.createRun('fail_organization');
    await sim.advance(5_000);
    const response = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
    expect(response.status).toBe(409);
    expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'request', code: 'task_run_not_cancelable' });
    expect((await sim.api('/task-runs/trun_missing/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('spells the status cancelling when switched, while the event keeps one l', async () => {
    await sim.control('POST', '/settings', { cancelSpelling: 'cancelling' });
    try {
      const { id } = await sim.createRun('long_running');
      await sim.advance(10_000);
      const response = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
      expect(((await response.json()) as { status: string }).status).toBe('cancelling');
      const listed = await sim.api('/task-runs?status=canceling');
      expect(((await listed.json()) as { data: { id: string; status: string }[] }).data.find((run) => run.id === id)?.status).toBe('cancelling');
      const events = await sim.api('/events?type=task_run.canceling,task_run.cancelling&limit=100');
      const types = ((await events.json()) as { data: { type: string; data: { id: string } }[] }).data
        .filter((event) => event.data.id === id)
        .map((event) => event.type);
      expect(types).toEqual(['task_run.canceling']);
    } finally {
      await sim.control('POST', '/settings', { cancelSpelling: 'canceling' });
    }
  });
});
