import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorRunSchema } from '../testing/contract-schemas';
import { driftErrorEnvelopeSchema, driftRunListSchema, driftRunSchema, driftStorageItemSchema } from '../testing/drift-contract-schemas';
import { TEST_API_KEY, startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

/** Drift scenarios drift on their own while drift is off for every other run. */
describe('drift scenarios (drift off for all runs)', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function readDrifted(id: string, include?: string) {
    const response = await sim.api(`/task-runs/${id}${include ? `?include=${include}` : ''}`);
    expect(response.status).toBe(200);
    const raw = (await response.json()) as Record<string, unknown>;
    return { run: driftRunSchema.parse(raw), raw };
  }

  it('leaves runs of ordinary scenarios clean and strict', async () => {
    const drifted = await sim.createRun('drift_everything');
    const plain = await sim.createRun('success');
    await sim.advance(2 * 60_000);
    const response = await sim.api(`/task-runs/${plain.id}?include=input,storage,artifacts`);
    expect(simulatorRunSchema.parse(await response.json()).status).toBe('completed');
    expect((await sim.control('GET', '/drift')).body).toMatchObject({ enabled: [] });
    expect(simulatorRunSchema.safeParse(await (await sim.api(`/task-runs/${drifted.id}`)).json()).success).toBe(false);
  });

  it('drift_nulls: null for optional values, "" for missing ids, errors [], every third screenshot without url', async () => {
    const { id } = await sim.createRun('drift_nulls');
    await sim.advance(2 * 60_000);
    const { run, raw } = await readDrifted(id, 'input,storage,artifacts');
    expect(run).toMatchObject({ status: 'completed', runtime_ms: null, errors: [], credential_id: '' });
    const shots = run.artifacts?.screenshots ?? [];
    expect(shots.length).toBeGreaterThanOrEqual(6);
    expect(shots.every((shot) => shot.reasoning === null && shot.file_type === null && shot.file_size === null)).toBe(true);
    expect(shots.map((shot) => shot.url === null)).toEqual(shots.map((_, i) => (i + 1) % 3 === 0));
    expect(run.storage?.[0]).toMatchObject({ file_type: null, file_size: null });
    expect(raw).not.toHaveProperty('workflow_id');
  });

  it('drift_nulls: an interaction drifted with null_optionals has a null message and null labels', async () => {
    const { id } = await sim.createRun('mfa', { drift: ['null_optionals'] });
    await sim.advance(20_000);
    const { run } = await readDrifted(id);
    expect(run.status).toBe('interaction_required');
    expect(run.interaction).toMatchObject({ type: 'mfa', message: null, fields: [{ name: 'code', type: 'string', label: null }] });
  });

  it('drift_null_sections: requested sections are null, unrequested ones absent', async () => {
    const { id } = await sim.createRun('drift_null_sections');
    await sim.advance(2 * 60_000);
    const { raw } = await readDrifted(id, 'input,storage,artifacts');
    expect(raw).toMatchObject({ input: null, storage: null, artifacts: null });
    const bare = await readDrifted(id);
    for (const key of ['input', 'storage', 'artifacts']) expect(bare.raw).not.toHaveProperty(key);
    // The screenshot list agrees with the run: nothing captured, while an ordinary run lists its shots.
    const shots = (await (await sim.api(`/task-runs/${id}/screenshots`)).json()) as { data: unknown[] };
    expect(shots.data).toEqual([]);
    const plain = await sim.createRun('success');
    await sim.advance(2 * 60_000);
    const plainShots = (await (await sim.api(`/task-runs/${plain.id}/screenshots`)).json()) as { data: unknown[] };
    expect(plainShots.data.length).toBeGreaterThan(0);
  });

  it('drift_unknown_status: reads as paused_by_policy while it works, then completes', async () => {
    const { id } = await sim.createRun('drift_unknown_status');
    expect((await readDrifted(id)).run.status).toBe('paused_by_policy');
    await sim.advance(60_000);
    expect((await readDrifted(id)).run.status).toBe('paused_by_policy');
    await sim.advance(25 * 60_000);
    expect((await readDrifted(id)).run).toMatchObject({ status: 'completed', result: 'success' });
    // Its events tell the same story as its reads: the working statuses read as the unknown one.
    const events = (await (await sim.api('/events?limit=100')).json()) as { data: Array<{ type: string; data: { id: string; status: string } }> };
    const statuses = events.data
      .filter((event) => event.data.id === id)
      .map((event) => event.data.status)
      .reverse();
    expect(statuses).toContain('paused_by_policy');
    expect(statuses).not.toContain('running');
    expect(statuses.at(-1)).toBe('completed');
  });

  it('drift_loose_errors: error items without code, without type, uncatalogued, with extra fields', async () => {
    const { id } = await sim.createRun('drift_loose_errors');
    await sim.advance(60_000);
    const { run, raw } = await readDrifted(id);
    expect(run.status).toBe('failed');
    const [noCode, noType, unknown] = run.errors ?? [];
    expect(noCode).toMatchObject({ type: 'task' });
    expect(noCode).not.toHaveProperty('code');
    expect(noType).toMatchObject({ code: 'step_budget_exhausted' });
    expect(noType).not.toHaveProperty('type');
    expect(unknown).toMatchObject({ type: 'compliance', code: 'policy_hold_expired', hold_id: 'hold_8812', retry_after: null });
    expect(run.errors?.every((item) => typeof item.docs_url === 'string')).toBe(true);
    expect(raw).toMatchObject({ priority: 'normal', region: 'eu-central-1' });
  });

  it('drift_legacy_names: older field names the contract lists', async () => {
    const { id } = await sim.createRun('drift_legacy_names', { workflowId: 'wflo_legacy1' });
    await sim.advance(2 * 60_000);
    const { run, raw } = await readDrifted(id, 'input,storage,artifacts');
    expect(run).toMatchObject({ workflow_id: 'wflo_legacy1', canceled_at: null });
    expect(raw).not.toHaveProperty('vaulted_fields');
    expect([run.tokenized_fields, run.vaulted_input_fields].flat().filter(Boolean)).toContain('password');
    expect(raw).not.toHaveProperty('artifacts');
    expect(run.screenshots?.length).toBeGreaterThan(0);
    expect(Object.keys(run.storage?.[0] ?? {}).sort()).toEqual(['created_at', 'file_name', 'file_size', 'file_type', 'id', 'object']);

    const storage = (await (await sim.api(`/task-runs/${id}/storage`)).json()) as { data: unknown[] };
    const item = driftStorageItemSchema.parse(storage.data[0]);
    expect(item.fetch_date).toBe(item.created_at);
    expect(item).not.toHaveProperty('result');
    expect((await readDrifted(id, 'screenshots')).raw).toHaveProperty('screenshots');
  });

  it('drift_legacy_names: a cancel in progress reads as cancelling, then canceled_at is set', async () => {
    const { id } = await sim.createRun('drift_legacy_names');
    await sim.advance(10_000);
    const cancel = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
    expect(driftRunSchema.parse(await cancel.json()).status).toBe('cancelling');
    await sim.advance(5_000);
    const { run } = await readDrifted(id);
    expect(run.status).toBe('canceled');
    expect(run.canceled_at).toMatch(/^\d{4}-/);
  });

  it('drift_legacy_review: review_required reads as pending', async () => {
    const { id } = await sim.createRun('drift_legacy_review');
    await sim.advance(2 * 60_000);
    expect((await readDrifted(id)).run.status).toBe('pending');
  });

  it.each([
    ['drift_action_202', 202],
    ['drift_action_204', 204],
  ])('%s: answer and cancel are accepted with %i and no body, and take effect', async (scenario, status) => {
    const { id } = await sim.createRun(scenario);
    await sim.advance(20_000);
    const answer = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: '123456' } }) });
    expect(answer.status).toBe(status);
    expect(await answer.text()).toBe('');
    expect((await readDrifted(id)).run.status).toBe('running');
    const cancel = await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(status);
    expect((await readDrifted(id)).run.status).toBe('canceling');
  });

  it('drift_action_200: answer answers 200 with a body that is not a run', async () => {
    const { id } = await sim.createRun('drift_action_200');
    await sim.advance(20_000);
    const answer = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: '123456' } }) });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ object: 'task_run_action', status: 'accepted', task_run_id: id });
    expect(driftRunSchema.safeParse(body).success).toBe(false);
  });

  it.each([
    ['drift_forbidden_organization', 'organization', 'plan_entitlement_missing'],
    ['drift_forbidden_source', 'source', 'source_blocked'],
  ])('%s: requests about the run answer 403 %s/%s, the list still serves it', async (scenario, type, code) => {
    const { id } = await sim.createRun(scenario);
    for (const path of [`/task-runs/${id}`, `/task-runs/${id}/storage`, `/task-runs/${id}/cancel`]) {
      const response = await sim.api(path, { method: path.endsWith('cancel') ? 'POST' : 'GET' });
      expect(response.status).toBe(403);
      expect(driftErrorEnvelopeSchema.parse(await response.json()).errors[0]).toMatchObject({ type, code });
    }
    const list = driftRunListSchema.parse(await (await sim.api('/task-runs?limit=100')).json());
    expect(list.data.some((item) => (item as { id?: string }).id === id)).toBe(true);
  });

  it('drift_key_echo: the run error and error answers about the run echo the bearer key', async () => {
    const { id } = await sim.createRun('drift_key_echo');
    await sim.advance(60_000);
    const { run } = await readDrifted(id);
    expect(run.errors?.[0]).toMatchObject({ type: 'auth', code: 'auth_invalid' });
    expect(run.errors?.[0]?.message).toContain(TEST_API_KEY);
    const notWaiting = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: '1' } }) });
    expect(notWaiting.status).toBe(409);
    expect(driftErrorEnvelopeSchema.parse(await notWaiting.json()).errors[0]?.message).toContain(`Bearer ${TEST_API_KEY}`);
  });

  it('drift_files: screenshots come as application/octet-stream, expired links answer 400', async () => {
    const { id } = await sim.createRun('drift_files');
    await sim.advance(2 * 60_000);
    const { run } = await readDrifted(id, 'artifacts,storage');
    const shotUrl = run.artifacts?.screenshots[0]?.url ?? '';
    const shot = await fetch(shotUrl);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('application/octet-stream');
    expect(
      Buffer.from(await shot.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    await sim.advance(16 * 60_000);
    expect((await fetch(shotUrl)).status).toBe(400);
    expect((await fetch(run.storage?.[0]?.url ?? '')).status).toBe(400);
    expect((await fetch(`${shotUrl}x`)).status).toBe(403);
  });

  it('drift_proto_fields: fields named __proto__ and constructor are asked for and answered like any other', async () => {
    const { id } = await sim.createRun('drift_proto_fields');
    await sim.advance(20_000);
    const { run } = await readDrifted(id);
    expect(run.interaction?.fields.map((field) => field.name)).toEqual(['__proto__', 'constructor']);
    const partial = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: '{"input":{"__proto__":"A-1"}}' });
    expect(partial.status).toBe(400);
    expect(driftErrorEnvelopeSchema.parse(await partial.json()).errors[0]).toMatchObject({ code: 'input_missing', field: 'constructor' });
    const answer = await sim.api(`/task-runs/${id}/interaction`, { method: 'POST', body: '{"input":{"__proto__":"A-1","constructor":"B-2"}}' });
    expect(answer.status).toBe(200);
    await sim.advance(5_000);
    expect((await readDrifted(id)).run.status).toBe('running');
  });

  it('drift_deep_output: the output is nested 5,000 levels deep', async () => {
    const { id } = await sim.createRun('drift_deep_output');
    await sim.advance(2 * 60_000);
    const { run } = await readDrifted(id);
    let depth = 0;
    let node: unknown = run.output;
    while (typeof node === 'object' && node !== null && 'level' in node) {
      node = (node as { level: unknown }).level;
      depth += 1;
    }
    expect(depth).toBe(5_000);
    expect(node).toBeTypeOf('object');
  });

  it('drift_unreadable_in_list: the run is one unreadable item of the list; the others read fine', async () => {
    const own = await startTestSimulator();
    try {
      const { id } = await own.createRun('drift_unreadable_in_list');
      const neighbour = await own.createRun('success');
      const list = driftRunListSchema.parse(await (await own.api('/task-runs')).json());
      expect(list.data).toHaveLength(2);
      const unreadable = list.data.filter((item) => !driftRunSchema.safeParse(item).success);
      expect(unreadable).toHaveLength(1);
      const [item] = unreadable;
      expect(item === id || (typeof item === 'object' && item !== null && !('id' in item))).toBe(true);
      expect(driftRunSchema.parse(list.data.find((entry) => entry !== item)).id).toBe(neighbour.id);
      expect(driftRunSchema.parse(await (await own.api(`/task-runs/${id}`)).json()).id).toBe(id);
    } finally {
      await own.close();
    }
  });

  it('starting any scenario with drift forces those drifts on that run only', async () => {
    const forced = await sim.createRun('success', { drift: ['empty_errors', 'extra_fields'] });
    const plain = await sim.createRun('success');
    expect((await readDrifted(forced.id)).raw).toMatchObject({ errors: [], priority: 'normal' });
    expect(simulatorRunSchema.parse(await (await sim.api(`/task-runs/${plain.id}`)).json()).errors).toBeNull();
    const bad = await sim.control('POST', '/scenarios', { scenario: 'success', drift: ['no_such_drift'] });
    expect(bad.status).toBe(400);
  });
});
