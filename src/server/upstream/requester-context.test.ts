import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createLogger } from '../logger';
import { RunReader } from '../runs/run-reader';
import { ScreenshotFeed } from '../runs/screenshot-feed';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { CANARY_KEY } from '../testing/canary';
import { simulatorControl } from '../testing/simulator-control';
import { RequestBudget, type BudgetClaim, type BudgetPermit } from './request-budget';
import { currentRequester, runForRequester } from './requester-context';
import { createUpstreamClient, type UpstreamClient } from './upstream-client';

/**
 * Upstream calls are charged to the requester whose request made them, however many awaits lie
 * between the request and the call (a first lookup asks the stores first, a list asks the index,
 * a gallery reads page after page); work started later (timers, upkeep) is charged to nobody.
 */

/** The real budget, noting whose share each call was claimed for. */
class NotingBudget extends RequestBudget {
  readonly requesters: Array<string | null> = [];
  override tryTake(claim: BudgetClaim): BudgetPermit | null {
    this.requesters.push(claim.requester ?? null);
    return super.tryTake(claim);
  }
}

let sim: StartedSimulator;
let budget: NotingBudget;
let upstream: UpstreamClient;
let store: ObservationStore;
let events: SqliteEventStore;
let reader: RunReader;
const log = createLogger({ level: 'error', write: () => {} });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-requester-'));

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  store = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
  events = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
  budget = new NotingBudget({ limit: 10_000, burst: 1_000 });
  upstream = createUpstreamClient({
    baseUrl: sim.baseUrl,
    apiKey: CANARY_KEY,
    log,
    budget,
    maxReadRetries: 0,
    // Both answer after a real wait, as a database would.
    isKnownRun: (runId) => new Promise((resolve) => setTimeout(() => void store.isKnownRun(runId).then(resolve), 5)),
    isIndexedRun: (runId) => new Promise((resolve) => setTimeout(() => void events.getRun(runId).then((run) => resolve(run !== null)), 5)),
  });
  reader = new RunReader({ upstream, store, log, events, eventFeed: () => ({ healthy: false, currentAsOf: null }), reconcileIntervalMs: 60 * 60_000 });
});

afterAll(async () => {
  reader?.stop();
  await store?.close();
  await events?.close();
  await sim?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const createRun = (scenario = 'long_running') => simulatorControl<{ id: string }>(sim.origin, 'scenarios', { scenario });

/** Whose shares the calls made by `work` were claimed for. */
async function claimsOf(work: () => Promise<unknown>): Promise<Array<string | null>> {
  const from = budget.requesters.length;
  await work();
  return budget.requesters.slice(from);
}

describe('requester of upstream calls', () => {
  it('a first read of a run, after the stores were asked whether it exists, is charged to its requester', async () => {
    const run = await createRun();
    expect(await claimsOf(() => runForRequester('session:a', () => reader.readRun(run.id, ['artifacts'])))).toEqual(['session:a']);
    expect(await claimsOf(() => reader.readRun(run.id, ['artifacts'], { fresh: true }))).toEqual([null]);
    expect(await claimsOf(() => runForRequester('session:b', () => reader.readRun(run.id, [], { fresh: true })))).toEqual(['session:b']);
  });

  it('a list read from the upstream after the index was asked is charged to its requester', async () => {
    const claims = await claimsOf(() => runForRequester('session:c', () => reader.listRuns({ limit: 5 })));
    // The first list also starts the index's own back-fill from the upstream list: upkeep, charged to nobody.
    expect(claims.filter((requester) => requester !== null)).toEqual(['session:c']);
  });

  it('every page of a gallery read is charged to its requester', async () => {
    const run = await createRun('many_screenshots');
    await simulatorControl(sim.origin, 'clock/advance', { ms: 22 * 60_000 });
    const feed = new ScreenshotFeed({ upstream, log, pageLimit: 50 });
    const claims = await claimsOf(() => runForRequester('session:d', () => feed.read(run.id)));
    expect(claims.length).toBeGreaterThan(2);
    expect(new Set(claims)).toEqual(new Set(['session:d']));
  });

  it('work a request leaves behind for later is charged to nobody, and the requester ends with the request', async () => {
    const run = await createRun();
    let later: Promise<unknown> = Promise.resolve();
    const claims = await claimsOf(async () => {
      await runForRequester('session:e', async () => {
        later = new Promise((resolve) => setTimeout(resolve, 1)).then(() => upstream.getRun(run.id, []));
        expect(currentRequester()).toBe('session:e');
      });
      expect(currentRequester()).toBeNull();
      await later;
    });
    expect(claims).toEqual([null]);
  });

  it('nests, and a failing request gives the requester back all the same', () => {
    runForRequester('session:outer', () => {
      expect(() =>
        runForRequester('session:inner', () => {
          expect(currentRequester()).toBe('session:inner');
          throw new Error('refused');
        }),
      ).toThrow('refused');
      expect(currentRequester()).toBe('session:outer');
      // No requester of its own (no session): the calls stay with the one it runs for.
      runForRequester(null, () => expect(currentRequester()).toBe('session:outer'));
    });
    expect(currentRequester()).toBeNull();
  });
});
