import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createLogger } from '../logger';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { CANARY_KEY } from '../testing/canary';
import { simulatorControl } from '../testing/simulator-control';
import { RequestBudget } from '../upstream/request-budget';
import { createUpstreamClient } from '../upstream/upstream-client';
import { RunReader, type EventFeedHealth } from './run-reader';

/** The run reader against the simulator over HTTP, with the event feed's health set by the test. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const sim: StartedSimulator = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  cleanups.push(() => sim.close());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-reader-feed-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const log = createLogger({ level: 'error', write: () => {} });
  const store: ObservationStore = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
  cleanups.push(() => store.close());
  const events: SqliteEventStore = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
  cleanups.push(() => events.close());
  const upstream = createUpstreamClient({
    baseUrl: sim.baseUrl,
    apiKey: CANARY_KEY,
    log,
    budget: new RequestBudget({ limit: 10_000, burst: 1_000 }),
    maxReadRetries: 0,
  });
  const feed: EventFeedHealth = { healthy: true, currentAsOf: Date.now() };
  const reader = new RunReader({ upstream, store, log, events, eventFeed: () => feed, reconcileIntervalMs: 60 * 60_000 });
  cleanups.push(() => reader.stop());
  const run = await simulatorControl<{ id: string }>(sim.origin, 'scenarios', { scenario: 'long_running' });
  await simulatorControl(sim.origin, 'clock/advance', { ms: 60_000 });
  const reads = async () =>
    (await simulatorControl<{ requests: Array<{ path: string }> }>(sim.origin, 'stats', undefined, 'GET')).requests.filter(
      (r) => r.path === `/v2/task-runs/${run.id}`,
    ).length;
  return { sim, reader, feed, runId: run.id, reads };
}

describe('RunReader and the event feed', () => {
  it('keeps an active run while the feed is healthy, and ends that when the feed fails', async () => {
    const { sim, reader, feed, runId, reads } = await setUp();
    expect((await reader.readRun(runId, [])).source).toBe('miss');
    expect((await reader.readRun(runId, [])).source).toBe('hit');
    expect(await reads()).toBe(1);

    // The feed fails (the upstream is down): the kept copy is not passed off as current.
    feed.healthy = false;
    await simulatorControl(sim.origin, 'faults', { kind: '503', count: 1000 });
    const during = await reader.readRun(runId, []);
    expect(during.source).toBe('stale');
    expect(during.value.view.status).toBe('running');
  });
});
