import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

const MINUTE = 60_000;

/** Scenarios that end on their own, with the terminal state each must reach. */
const UNATTENDED: readonly { scenario: string; status: string; result: string; error?: [string, string] }[] = [
  { scenario: 'success', status: 'completed', result: 'success' },
  { scenario: 'completed_unknown', status: 'completed', result: 'unknown' },
  { scenario: 'fail_auth_invalid', status: 'failed', result: 'failure', error: ['auth', 'auth_invalid'] },
  { scenario: 'fail_source_not_available', status: 'failed', result: 'failure', error: ['source', 'source_not_available'] },
  { scenario: 'fail_source_blocked', status: 'failed', result: 'failure', error: ['source', 'source_blocked'] },
  { scenario: 'fail_task_timeout', status: 'failed', result: 'failure', error: ['task', 'timeout'] },
  { scenario: 'fail_interaction_timeout', status: 'failed', result: 'failure', error: ['interaction', 'interaction_timeout'] },
  { scenario: 'fail_api_error', status: 'failed', result: 'failure', error: ['api', 'api_error'] },
  { scenario: 'fail_session_timeout', status: 'failed', result: 'failure', error: ['session', 'timeout'] },
  { scenario: 'fail_storage', status: 'failed', result: 'failure', error: ['storage', 'extraction_failed'] },
  { scenario: 'fail_organization', status: 'failed', result: 'failure', error: ['organization', 'plan_limit_reached'] },
  { scenario: 'encrypted_output', status: 'completed', result: 'success' },
  { scenario: 'large_output', status: 'completed', result: 'success' },
  { scenario: 'many_screenshots', status: 'completed', result: 'success' },
  { scenario: 'long_running', status: 'completed', result: 'success' },
];

describe('scenarios that run unattended', () => {
  let sim: SimulatorTestClient;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    sim = await startTestSimulator();
    for (const { scenario } of UNATTENDED) ids.set(scenario, (await sim.createRun(scenario)).id);
    await sim.advance(40 * MINUTE);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists every scenario name the contract promises, each with a description', async () => {
    const { body } = await sim.control('GET', '/scenarios');
    const names = (body as { data: { name: string; description: string }[] }).data.map((entry) => entry.name);
    for (const expected of [
      'success',
      'mfa',
      'mfa_wrong_code',
      'security_question',
      'account_selection',
      'review',
      'fail_auth_invalid',
      'fail_source_not_available',
      'fail_source_blocked',
      'fail_task_timeout',
      'fail_interaction_timeout',
      'fail_api_error',
      'fail_session_timeout',
      'fail_storage',
      'fail_organization',
      'long_running',
      'many_screenshots',
      'large_output',
      'encrypted_output',
      'hostile_text',
      'completed_unknown',
    ]) {
      expect(names).toContain(expected);
    }
    expect((body as { data: { description: string }[] }).data.every((entry) => entry.description.length > 10)).toBe(true);
  });

  it.each(UNATTENDED)('$scenario ends $status/$result', async ({ scenario, status, result, error }) => {
    const { run } = await readRun(sim, ids.get(scenario) ?? '');
    expect(run.status).toBe(status);
    expect(run.result).toBe(result);
    if (error) {
      expect(run.errors).toHaveLength(1);
      expect(run.errors?.[0]).toMatchObject({ type: error[0], code: error[1] });
      expect(run.errors?.[0]?.message.length).toBeGreaterThan(10);
    } else {
      expect(run.errors).toBeNull();
      expect(run.output).not.toBeNull();
    }
    expect(run.interaction).toBeNull();
  });

  it('fails fail_session_timeout straight from queued, so it never had a runtime or session', async () => {
    const { run } = await readRun(sim, ids.get('fail_session_timeout') ?? '');
    expect(run.runtime_ms).toBeNull();
    expect(run.session_id).toBeNull();
  });

  it('captures a screenshot about every 5 s with reasoning, oldest first', async () => {
    const { run } = await readRun(sim, ids.get('success') ?? '', 'artifacts');
    const shots = run.artifacts?.screenshots ?? [];
    const gaps = shots.slice(1).map((shot, i) => Date.parse(shot.created_at) - Date.parse(shots[i]?.created_at ?? ''));
    expect(gaps.every((gap) => gap > 0 && gap <= 5_000)).toBe(true);
    expect(new Set(shots.map((shot) => shot.reasoning)).size).toBeGreaterThan(4);
  });

  it('gives many_screenshots more than 300 screenshots', async () => {
    const { run } = await readRun(sim, ids.get('many_screenshots') ?? '', 'artifacts');
    expect(run.artifacts?.screenshots.length).toBeGreaterThan(300);
  });

  it('gives large_output about 5 MB of JSON output', async () => {
    const { run } = await readRun(sim, ids.get('large_output') ?? '');
    const size = Buffer.byteLength(JSON.stringify(run.output));
    expect(size).toBeGreaterThan(4.5 * 1024 * 1024);
    expect(size).toBeLessThan(6 * 1024 * 1024);
  });

  it('marks the extraction of fail_storage files as failed', async () => {
    const response = await sim.api(`/task-runs/${ids.get('fail_storage')}/storage`);
    const body = (await response.json()) as { data: { result: string; extraction: unknown }[] };
    expect(body.data[0]).toMatchObject({ result: 'failure', extraction: null });
  });

  it('keeps long_running running long enough to be canceled', async () => {
    const fresh = await sim.createRun('long_running');
    await sim.advance(10 * MINUTE);
    const { run } = await readRun(sim, fresh.id);
    expect(run.status).toBe('running');
    expect(run.runtime_ms).toBeGreaterThan(9 * MINUTE);
  });

  it('speeds a run up with timeScale', async () => {
    const fast = await sim.createRun('success', { timeScale: 0.1 });
    await sim.advance(6_000);
    const { run } = await readRun(sim, fast.id, 'artifacts');
    expect(run.status).toBe('completed');
    expect(run.artifacts?.screenshots.length).toBeGreaterThanOrEqual(8);
  });

  it('rejects unknown scenarios and bad control bodies with 400', async () => {
    expect((await sim.control('POST', '/scenarios', { scenario: 'does_not_exist' })).status).toBe(400);
    expect((await sim.control('POST', '/scenarios', { scenario: 'success', timeScale: -1 })).status).toBe(400);
    expect((await sim.control('POST', '/scenarios', { scenario: 'success', taskId: 'not a task' })).status).toBe(400);
  });
});

describe('screenshots_1000', () => {
  it('completes with about a thousand screenshots', async () => {
    const sim = await startTestSimulator();
    try {
      const { id } = await sim.createRun('screenshots_1000');
      await sim.advance(100 * MINUTE);
      const { run } = await readRun(sim, id, 'artifacts');
      expect(run.status).toBe('completed');
      expect(run.artifacts?.screenshots.length).toBeGreaterThanOrEqual(1000);
    } finally {
      await sim.close();
    }
  });
});
