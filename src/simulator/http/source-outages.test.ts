import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorRunSchema } from '../testing/contract-schemas';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('/__sim/outages: a website down for a while', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function runAgainst(sourceId: string): Promise<string> {
    const response = await sim.api('/tasks/task_Bq5Zr7Lm/run', { method: 'POST', body: JSON.stringify({ source_id: sourceId, input: {} }) });
    expect(response.status).toBe(201);
    return simulatorRunSchema.parse(await response.json()).id;
  }

  it('fails every run created against the source while it lasts, with the same source error, and no other source', async () => {
    const declared = await sim.control('POST', '/outages', { sourceId: 'src_bankdown1', durationMs: 10 * 60_000 });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ sourceId: 'src_bankdown1', scenario: 'fail_source_not_available' });

    const during = [await runAgainst('src_bankdown1'), await runAgainst('src_bankdown1')];
    const elsewhere = await runAgainst('src_fine1');
    await sim.advance(2 * 60_000);
    for (const id of during) {
      const { run } = await readRun(sim, id);
      expect(run).toMatchObject({ status: 'failed', result: 'failure', source_id: 'src_bankdown1' });
      expect(run.errors?.map((error) => [error.type, error.code])).toEqual([['source', 'source_not_available']]);
    }
    expect((await readRun(sim, elsewhere)).run).toMatchObject({ status: 'completed', result: 'success' });

    // Once it is over, runs against the source succeed again.
    await sim.advance(10 * 60_000);
    const after = await runAgainst('src_bankdown1');
    await sim.advance(2 * 60_000);
    expect((await readRun(sim, after)).run).toMatchObject({ status: 'completed', result: 'success' });
  });

  it('lists and clears outages, and refuses a malformed one', async () => {
    await sim.control('POST', '/outages', { sourceId: 'src_blocked1', durationMs: 60_000, scenario: 'fail_source_blocked' });
    const listed = (await sim.control('GET', '/outages')).body as { data: Array<{ sourceId: string; scenario: string }> };
    expect(listed.data).toEqual(expect.arrayContaining([expect.objectContaining({ sourceId: 'src_blocked1', scenario: 'fail_source_blocked' })]));
    for (const bad of [
      { sourceId: 'bank', durationMs: 1 },
      { sourceId: 'src_x1', durationMs: 0 },
      { sourceId: 'src_x1', durationMs: 5, scenario: 'success' },
    ]) {
      expect((await sim.control('POST', '/outages', bad)).status).toBe(400);
    }
    await sim.control('DELETE', '/outages');
    expect(((await sim.control('GET', '/outages')).body as { data: unknown[] }).data).toEqual([]);
  });
});
