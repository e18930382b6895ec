import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('GET /v2/task-runs/{id}', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('starts queued with nulls (not empty arrays or zeros) for what is not there yet', async () => {
    const created = await sim.createRun('success');
    const { run, raw } = await readRun(sim, created.id);
    expect(run).toMatchObject({ status: 'queued', result: null, runtime_ms: null, output: null, errors: null, interaction: null, session_id: null });
    expect(raw.created_at).toBe(raw.updated_at);
  });

  it('grows runtime_ms while running and moves updated_at on every change', async () => {
    const created = await sim.createRun('long_running');
    await sim.advance(3_000);
    const started = await readRun(sim, created.id);
    expect(started.run.status).toBe('running');
    expect(started.run.runtime_ms).toBe(0);
    expect(started.run.session_id).toMatch(/^sess_/);

    await sim.advance(12_000);
    const later = await readRun(sim, created.id);
    expect(later.run.runtime_ms).toBe(12_000);
    expect(Date.parse(later.run.updated_at)).toBeGreaterThan(Date.parse(started.run.updated_at));
  });

  it('omits every optional section unless it is requested', async () => {
    const created = await sim.createRun('success');
    await sim.advance(2 * 60_000);
    const { raw } = await readRun(sim, created.id);
    for (const key of ['input', 'vaulted_fields', 'storage', 'artifacts', 'screenshots']) expect(raw).not.toHaveProperty(key);

    const onlyStorage = await readRun(sim, created.id, 'storage');
    expect(onlyStorage.raw).toHaveProperty('storage');
    expect(onlyStorage.raw).not.toHaveProperty('input');
    expect(onlyStorage.raw).not.toHaveProperty('artifacts');

    const all = await readRun(sim, created.id, 'input,storage,artifacts');
    expect(all.run.storage?.length).toBeGreaterThan(0);
    expect(all.run.storage?.[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/storage\/stor_/);
    expect(all.run.artifacts?.screenshots.length).toBeGreaterThanOrEqual(8);
    const shot = all.run.artifacts?.screenshots[0];
    expect(shot?.file_type).toBe('image/png');
    expect(shot?.reasoning.length).toBeGreaterThan(10);
  });

  it('maps the legacy include=screenshots to artifacts', async () => {
    const created = await sim.createRun('success');
    await sim.advance(30_000);
    const { raw } = await readRun(sim, created.id, 'screenshots');
    expect(raw).toHaveProperty('artifacts.screenshots');
  });

  it('strips vaulted input keys and lists them only when there are any', async () => {
    const vaulted = await sim.createRun('success', { input: { statement_month: '2026-02', password: 'hunter2', pin: '1234' } });
    const withSecrets = await readRun(sim, vaulted.id, 'input');
    expect(withSecrets.run.input).toEqual({ statement_month: '2026-02' });
    expect(withSecrets.run.vaulted_fields).toEqual(['password', 'pin']);
    expect(JSON.stringify(withSecrets.raw)).not.toContain('hunter2');

    const plain = await sim.createRun('success', { input: { statement_month: '2026-02' } });
    const withoutSecrets = await readRun(sim, plain.id, 'input');
    expect(withoutSecrets.raw).not.toHaveProperty('vaulted_fields');
  });

  it('returns input and output as enc_ strings for the encrypted scenario', async () => {
    const created = await sim.createRun('encrypted_output');
    await sim.advance(2 * 60_000);
    const { run } = await readRun(sim, created.id, 'input');
    expect(run.status).toBe('completed');
    expect(run.output).toMatch(/^enc_[A-Za-z0-9_-]+$/);
    expect(run.input).toMatch(/^enc_[A-Za-z0-9_-]+$/);
  });
});
