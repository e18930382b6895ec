import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RUN_STATUSES } from '../../contract/run-status';
import { runListSchema } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

async function clockNow(sim: SimulatorTestClient): Promise<number> {
  return Date.parse(((await sim.control('GET', '/clock')).body as { now: string }).now);
}

async function allRuns(sim: SimulatorTestClient) {
  return (await sim.apiJson('/task-runs?limit=100', runListSchema)).body.data;
}

describe('demo seed', () => {
  let first: SimulatorTestClient;
  let second: SimulatorTestClient;
  beforeAll(async () => {
    first = await startTestSimulator({ seedDemo: true });
    second = await startTestSimulator({ seedDemo: true });
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  /** Runs the seed made (the live demo only adds runs created from now on). */
  async function seededRuns(sim: SimulatorTestClient) {
    const now = await clockNow(sim);
    return (await allRuns(sim)).filter((run) => Date.parse(run.created_at) < now - 10_000);
  }

  it('seeds about 30 runs over the last 24 hours covering every status', async () => {
    const runs = await seededRuns(first);
    expect(runs.length).toBeGreaterThanOrEqual(28);
    expect(runs.length).toBeLessThanOrEqual(40);
    const now = await clockNow(first);
    expect(runs.every((run) => now - Date.parse(run.created_at) <= 24 * 3_600_000)).toBe(true);
    expect(new Set(runs.map((run) => run.status))).toEqual(new Set(RUN_STATUSES));
  });

  it('varies tasks, agents, sources and credentials and every error type', async () => {
    const runs = await seededRuns(first);
    expect(new Set(runs.map((run) => run.task_id)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(runs.map((run) => run.agent_id)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(runs.map((run) => run.source_id)).size).toBeGreaterThanOrEqual(3);
    expect(runs.some((run) => run.credential_id === null) && runs.some((run) => run.credential_id !== null)).toBe(true);
    const errorTypes = new Set(runs.flatMap((run) => run.errors ?? []).map((error) => error.type));
    for (const type of ['auth', 'source', 'session', 'task', 'interaction', 'api', 'storage', 'organization']) expect(errorTypes).toContain(type);
    expect(new Set(runs.map((run) => run.result))).toEqual(new Set([null, 'success', 'failure', 'unknown']));
  });

  it('is deterministic: two simulators seed the same ids and statuses', async () => {
    const a = (await seededRuns(first)).map((run) => `${run.id}:${run.status}`);
    const b = (await seededRuns(second)).map((run) => `${run.id}:${run.status}`);
    expect(a).toEqual(b);
  });

  it('keeps live runs coming as old ones finish', async () => {
    await first.advance(15 * 60_000);
    const advancedTo = await clockNow(first);
    await vi.waitFor(
      async () => {
        const fresh = (await allRuns(first)).filter((run) => Date.parse(run.created_at) >= advancedTo);
        expect(fresh.length).toBeGreaterThan(0);
      },
      { timeout: 5_000, interval: 100 },
    );
  });
});

describe('without seedDemo', () => {
  it('starts empty', async () => {
    const sim = await startTestSimulator();
    try {
      expect(await allRuns(sim)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
