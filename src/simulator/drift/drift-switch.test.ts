import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorRunSchema } from '../testing/contract-schemas';
import { driftErrorEnvelopeSchema, driftRunListSchema, driftRunSchema } from '../testing/drift-contract-schemas';
import { TEST_API_KEY, startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';
import { DEFAULT_DRIFTS } from './drift-kinds';

interface DriftState {
  enabled: string[];
  available: { kind: string; description: string; inDefaultSet: boolean; everyFourthRunFromSlot: number | null }[];
}

describe('drift switched on for all runs', () => {
  let sim: SimulatorTestClient;
  const ids: string[] = [];
  beforeAll(async () => {
    sim = await startTestSimulator({ drift: true });
    // Four runs: one for each slot of the drifts that reach only every fourth run.
    for (let i = 0; i < 4; i += 1) ids.push((await sim.createRun('long_running', { input: { statement_month: '2026-02', password: 'x' } })).id);
    await sim.advance(20_000);
  });
  afterAll(async () => {
    await sim.close();
  });

  async function raw(id: string, include = '') {
    const response = await sim.api(`/task-runs/${id}${include ? `?include=${include}` : ''}`);
    expect(response.status).toBe(200);
    return driftRunSchema.parse(await response.json());
  }

  it('reports the default set (everything but the 403s) and what each drift does', async () => {
    const { body } = (await sim.control('GET', '/drift')) as { body: DriftState };
    expect(body.enabled.sort()).toEqual([...DEFAULT_DRIFTS].sort());
    expect(body.enabled).not.toContain('forbidden_organization');
    expect(body.available.find((entry) => entry.kind === 'unknown_status')).toMatchObject({ inDefaultSet: true, everyFourthRunFromSlot: 1 });
    expect(body.available.every((entry) => entry.description.length > 20)).toBe(true);
  });

  it('gives an unknown status and null sections each to every fourth run', async () => {
    const [first, second, third, fourth] = await Promise.all(ids.map((id) => raw(id, 'input,storage,artifacts')));
    expect(first?.status).toBe('paused_by_policy');
    expect([second?.status, third?.status, fourth?.status]).toEqual(['running', 'running', 'running']);
    // legacy_screenshots_section is on too: the null section goes under the older key.
    expect(fourth).toMatchObject({ input: null, storage: null, screenshots: null });
    expect(first?.input).toEqual({ statement_month: '2026-02' });
    expect(first?.tokenized_fields).toEqual(['password']);
  });

  it('drifts every run: nulls, "" ids, [] errors, extra fields, legacy names, proto fields', async () => {
    const run = await raw(ids[1] ?? '', 'artifacts');
    expect(run).toMatchObject({ runtime_ms: null, errors: [], credential_id: '', workflow_id: '', canceled_at: null, priority: 'normal' });
    expect(run).not.toHaveProperty('artifacts');
    expect(run.screenshots?.[0]).toMatchObject({ reasoning: null, file_type: null, width: 640 });

    const mfa = await sim.createRun('mfa');
    await sim.advance(20_000);
    const waiting = await raw(mfa.id);
    expect(waiting.interaction?.message).toBeNull();
    expect(waiting.interaction?.fields.map((field) => field.name)).toEqual(['code', '__proto__', 'constructor']);
  });

  it('lists the second run of every four as an unreadable item and the rest as runs', async () => {
    const list = driftRunListSchema.parse(await (await sim.api('/task-runs?limit=100')).json());
    const readable = list.data.filter((item) => driftRunSchema.safeParse(item).success);
    expect(list.data.length - readable.length).toBe(1);
    expect(readable.map((item) => (item as { id: string }).id)).not.toContain(ids[1]);
    expect(readable.map((item) => (item as { id: string }).id)).toEqual(expect.arrayContaining([ids[0], ids[2], ids[3]]));
  });

  it('drifts error answers: no code, no type, the key echoed, extra fields', async () => {
    const response = await sim.api('/task-runs/trun_missing0001');
    expect(response.status).toBe(404);
    const [item] = driftErrorEnvelopeSchema.parse(await response.json()).errors;
    expect(item).not.toHaveProperty('code');
    expect(item).not.toHaveProperty('type');
    expect(item?.message).toContain(TEST_API_KEY);
    expect(item).toHaveProperty('docs_url');
  });

  it('picks an accepted-action answer per run from the three action drifts', async () => {
    const statuses: number[] = [];
    for (const id of ids) statuses.push((await sim.api(`/task-runs/${id}/cancel`, { method: 'POST' })).status);
    expect(new Set(statuses)).toEqual(new Set([200, 202, 204]));
  });

  it('switches off, back on and to single drifts through /__sim/drift', async () => {
    expect((await sim.control('POST', '/drift', { on: false })).body).toMatchObject({ enabled: [] });
    expect(simulatorRunSchema.parse(await (await sim.api(`/task-runs/${ids[2]}`)).json()).id).toBe(ids[2]);

    expect((await sim.control('POST', '/drift', { kinds: ['empty_errors'] })).body).toMatchObject({ enabled: ['empty_errors'] });
    const only = (await (await sim.api(`/task-runs/${ids[2]}`)).json()) as Record<string, unknown>;
    expect(only.errors).toEqual([]);
    expect(simulatorRunSchema.safeParse(only).success).toBe(false);
    expect(simulatorRunSchema.safeParse({ ...only, errors: null }).success).toBe(true);

    expect((await sim.control('POST', '/drift', { kinds: ['forbidden_organization'] })).status).toBe(200);
    const blocked = await sim.api('/task-runs');
    expect(blocked.status).toBe(403);
    expect(driftErrorEnvelopeSchema.parse(await blocked.json()).errors[0]).toMatchObject({ type: 'organization', code: 'plan_entitlement_missing' });
    expect((await sim.api('/test')).status).toBe(200);

    expect((await sim.control('POST', '/drift', { kinds: ['no_such_drift'] })).status).toBe(400);
    expect((await sim.control('POST', '/drift', { on: true, kinds: [] })).status).toBe(400);
    expect((await sim.control('POST', '/drift', { on: true })).body).toMatchObject({ enabled: expect.arrayContaining(['null_optionals']) });
  });
});

describe('drift option', () => {
  it('takes a list of drifts and leaves everything else clean', async () => {
    const sim = await startTestSimulator({ drift: ['extra_fields'] });
    try {
      const { id } = await sim.createRun('success');
      const run = driftRunSchema.parse(await (await sim.api(`/task-runs/${id}`)).json());
      expect(run).toMatchObject({ priority: 'normal', errors: null, status: 'queued' });
      expect((await sim.control('GET', '/drift')).body).toMatchObject({ enabled: ['extra_fields'] });
    } finally {
      await sim.close();
    }
  });
});
