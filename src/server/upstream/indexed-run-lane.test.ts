import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createLogger } from '../logger';
import { CANARY_KEY } from '../testing/canary';
import { simulatorControl } from '../testing/simulator-control';
import { RequestBudget } from './request-budget';
import { createUpstreamClient, type UpstreamClient } from './upstream-client';

/**
 * Runs the run index holds (the upstream's events told of them) are read as known runs, in the
 * lane of reads of runs that exist, not in the small lane of lookups of ids never seen.
 */

let sim: StartedSimulator;
let client: UpstreamClient;
const indexed = new Set<string>();
let indexAsked = 0;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  client = createUpstreamClient({
    baseUrl: sim.baseUrl,
    apiKey: CANARY_KEY,
    log: createLogger({ level: 'error', write: () => {} }),
    budget: new RequestBudget({ limit: 10_000, burst: 1_000 }),
    isIndexedRun: (runId) => {
      indexAsked++;
      if (runId === 'trun_indexbroken') return Promise.reject(new Error('index unavailable'));
      return Promise.resolve(indexed.has(runId));
    },
  });
});

afterAll(async () => {
  await sim?.close();
});

const createRun = () => simulatorControl<{ id: string }>(sim.origin, 'scenarios', { scenario: 'long_running' });

describe('reading a run', () => {
  it('the run index holds goes in the known lane, and asks the index only once', async () => {
    const run = await createRun();
    indexed.add(run.id);
    const before = client.budget.snapshot().uses;
    const asked = indexAsked;
    await client.getRun(run.id, []);
    await client.getRun(run.id, []);
    const after = client.budget.snapshot().uses;
    expect(after.first_view.served - before.first_view.served).toBe(2);
    expect(after.unseen.served - before.unseen.served).toBe(0);
    expect(indexAsked - asked).toBe(1);
  });

  it('the run index does not hold is a lookup of an unseen id', async () => {
    const run = await createRun();
    const before = client.budget.snapshot().uses;
    await client.getRun(run.id, []);
    expect(client.budget.snapshot().uses.unseen.served - before.unseen.served).toBe(1);
  });

  it('while the run index cannot answer is a lookup of an unseen id, as without an index', async () => {
    const before = client.budget.snapshot().uses;
    await expect(client.getRun('trun_indexbroken', [])).rejects.toMatchObject({ kind: 'not_found' });
    expect(client.budget.snapshot().uses.unseen.served - before.unseen.served).toBe(1);
  });
});
