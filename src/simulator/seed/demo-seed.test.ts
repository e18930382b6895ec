import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { eventListSchema, type eventSchema, SIMULATOR_STATUSES, simulatorRunSchema } from '../testing/contract-schemas';
import { driftRunListSchema, driftRunSchema } from '../testing/drift-contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

async function clockNow(sim: SimulatorTestClient): Promise<number> {
  return Date.parse(((await sim.control('GET', '/clock')).body as { now: string }).now);
}

async function allRuns(sim: SimulatorTestClient) {
  // A few seeded runs drift on purpose, so every run is checked against the drift shapes here.
  return (await sim.apiJson('/task-runs?limit=100', driftRunListSchema)).body.data.map((item) => driftRunSchema.parse(item));
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
    const newestSpelling = SIMULATOR_STATUSES.filter((status) => status !== 'cancelling');
    expect(new Set(runs.map((run) => run.status))).toEqual(new Set([...newestSpelling, 'paused_by_policy']));
  });

  it('keeps all but four seeded runs clean; those four show messy shapes', async () => {
    const runs = await seededRuns(first);
    const messy = runs.filter((run) => !simulatorRunSchema.safeParse(run).success);
    expect(messy).toHaveLength(4);
    expect(messy.filter((run) => run.status === 'paused_by_policy')).toHaveLength(1);
    expect(messy.some((run) => run.errors?.some((item) => item.code === undefined))).toBe(true);
    expect(messy.some((run) => run.runtime_ms === null && Array.isArray(run.errors) && run.errors.length === 0)).toBe(true);
    expect(messy.some((run) => 'workflow_id' in run && 'canceled_at' in run)).toBe(true);
    expect(((await first.control('GET', '/drift')).body as { enabled: string[] }).enabled).toEqual([]);
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

  it('has the full back-dated event history of every seeded run in the event log', async () => {
    const runs = await seededRuns(first);
    const events: z.infer<typeof eventSchema>[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const page: z.infer<typeof eventListSchema> = (
        await first.apiJson(`/events?type=task_run.*&limit=100${cursor ? `&cursor=${cursor}` : ''}`, eventListSchema)
      ).body;
      events.push(...page.data);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    for (const run of runs) {
      const history = events.filter((event) => event.data.id === run.id).reverse();
      expect(history[0]?.type, run.id).toBe('task_run.queued');
      expect(history[0]?.created_at).toBe(run.created_at);
      expect(history[0]?.request_id).toMatch(/^req_[0-9a-f]{14}$/);
      const times = history.map((event) => Date.parse(event.created_at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const last = history[history.length - 1];
      if (['completed', 'failed', 'canceled'].includes(run.status)) {
        expect(last?.type).toBe(`task_run.${run.status}`);
        expect(last?.created_at).toBe(run.updated_at);
        // A run that did any work has the time it started in its history.
        if (run.runtime_ms) expect(history.map((event) => event.type)).toContain('task_run.running');
      }
    }
    // Runs finished long before the server started are in there, from 23 hours back.
    const oldest = Math.min(...events.map((event) => Date.parse(event.created_at)));
    expect((await clockNow(first)) - oldest).toBeGreaterThan(23 * 3_600_000);
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
