import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStatusResponseSchema, type EventStatusResponse } from '@/contract/bff';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { simulatorControl } from '../testing/simulator-control';
import { CANARY_KEY, startHarness, type Harness } from '../testing/runwatch-harness';

/**
 * The catch-up reader against the simulator over real HTTP, with real SQLite files: first-start
 * back-fill, a restart in the middle of it, following the log afterwards, and upstream failures.
 * The store is compared with the simulator's own event log, event by event.
 */

const CATCH_UP_ENV = { RUNWATCH_EVENTS: 'on', RUNWATCH_EVENTS_INTERVAL_MS: '200' };

async function simulatorEventIds(sim: StartedSimulator): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page++) {
    const query = new URLSearchParams({ type: 'task_run.*', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`${sim.baseUrl}/events?${query}`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
    const body = (await response.json()) as { data: Array<{ id: string }>; next_cursor: string | null };
    ids.push(...body.data.map((event) => event.id));
    cursor = body.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('the simulator log did not end within 500 pages');
}

function storedEvents(dataDir: string): Array<{ event_id: string; source: string }> {
  const db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT event_id, source FROM events').all() as Array<{ event_id: string; source: string }>;
  } finally {
    db.close();
  }
}

async function status(h: Harness): Promise<EventStatusResponse> {
  const response = await h.request('/api/events/status', { role: 'viewer' });
  expect(response.status).toBe(200);
  return eventStatusResponseSchema.parse(response.json());
}

/** Polls the status endpoint until `done` holds (bounded: about 30 s). */
async function waitForStatus(h: Harness, done: (s: EventStatusResponse) => boolean, what: string): Promise<EventStatusResponse> {
  let last: EventStatusResponse | null = null;
  for (let i = 0; i < 600; i++) {
    last = await status(h);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(last)}`);
}

/** Creates runs in batches, moving the clock between batches so events spread over time, then lets them all finish. */
async function makeRuns(sim: StartedSimulator, count: number): Promise<void> {
  for (let made = 0; made < count; made += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - made) }, () => simulatorControl(sim.origin, 'scenarios', { scenario: 'success' })));
    await simulatorControl(sim.origin, 'clock/advance', { ms: 1_500 });
  }
  await simulatorControl(sim.origin, 'clock/advance', { ms: 10 * 60_000 });
}

describe('event catch-up against the simulator', () => {
  let sim: StartedSimulator;
  let dataDir: string;
  let h: Harness | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-catch-up-'));
    await makeRuns(sim, 250);
  });
  afterAll(async () => {
    await h?.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('back-fills on first start; stopped midway and started again on the same data dir, it loses and doubles nothing', async () => {
    const logged = await simulatorEventIds(sim);
    expect(logged.length).toBeGreaterThan(600);
    // The reader is held after its second back-fill page until the stop, so the stop lands in the middle of the back-fill.
    let pages = 0;
    let heldAtSecondPage!: () => void;
    const held = new Promise<void>((resolve) => (heldAtSecondPage = resolve));
    h = await startHarness({
      simulator: sim,
      dataDir,
      env: CATCH_UP_ENV,
      catchUp: {
        onBackfillPage: () => {
          pages += 1;
          if (pages < 2) return;
          heldAtSecondPage();
          return new Promise<void>(() => undefined);
        },
      },
    });
    await held;
    const midway = await status(h);
    await h.close();
    h = null;
    expect(pages).toBe(2);
    expect(midway.backfill).toMatchObject({ state: 'running', eventsIngested: 200 });
    const atStop = storedEvents(dataDir);
    expect(atStop.length).toBe(200);
    expect(atStop.length).toBeLessThan(logged.length);

    // While Runwatch is down, more happens upstream.
    await makeRuns(sim, 30);
    const loggedNow = await simulatorEventIds(sim);

    h = await startHarness({ simulator: sim, dataDir, env: CATCH_UP_ENV });
    const done = await waitForStatus(
      h,
      (s) => s.backfill.state === 'done' && storedEvents(dataDir).length >= loggedNow.length,
      'the back-fill and catch-up to finish',
    );
    const stored = storedEvents(dataDir);
    expect(stored.map((row) => row.event_id).sort()).toEqual([...loggedNow].sort());
    // Counted once each: the back-fill's tally is exactly what it stored, across the restart.
    expect(done.backfill.eventsIngested).toBe(stored.filter((row) => row.source === 'backfill').length);
    expect(done.backfill.finishedAt).not.toBeNull();
    expect(done.mode).toBe('catch_up');
    expect(h.logs.some((line) => line.includes('event back-fill done'))).toBe(true);
  });

  it('follows the log: a run that changes upstream shows up in the index with its whole history', async () => {
    const current = h!;
    const run = await current.createRun('success');
    await current.advance(10 * 60_000);
    const history = await waitForHistory(current, run.id, 3);
    expect(history.map((entry) => entry.status)).toEqual(['queued', 'running', 'completed']);
    expect(await current.events.getRun(run.id)).toMatchObject({ status: 'completed', result: 'success' });
    // The request that created the run, as the log names it, now leads to the run.
    const log = await fetch(`${sim.baseUrl}/events?type=task_run.queued&limit=100`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
    const queued = ((await log.json()) as { data: Array<{ request_id: string | null; data: { id: string } }> }).data.find((event) => event.data.id === run.id);
    expect(queued?.request_id).toMatch(/^req_/);
    expect(await current.events.lookupRequest(queued!.request_id!)).toMatchObject({ runId: run.id });
    const now = await status(current);
    expect(now.lastPassAt).not.toBeNull();
    expect(now.lagSeconds).not.toBeNull();
  });

  it('backs off while the upstream fails, says so, and catches up once it answers again', async () => {
    const current = h!;
    // Every attempt of three reads in a row fails (the client retries a read twice itself).
    await simulatorControl(sim.origin, 'faults', { kind: '500', count: 9, pathPrefix: '/v2/events' });
    const failing = await waitForStatus(current, (s) => s.failures >= 1, 'a failed pass');
    expect(failing.lastError).toMatch(/HTTP 500/);
    const run = await current.createRun('success');
    await current.advance(10 * 60_000);
    await waitForHistory(current, run.id, 3);
    const recovered = await waitForStatus(current, (s) => s.failures === 0, 'recovery');
    expect(recovered.lastError).toBeNull();
    expect(current.logs.filter((line) => line.includes('could not read the upstream event log')).length).toBeGreaterThanOrEqual(1);
  });
});

async function waitForHistory(h: Harness, runId: string, entries: number) {
  for (let i = 0; i < 600; i++) {
    const history = await h.events.statusHistory(runId);
    if (history.length >= entries) return history;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not get ${entries} history entries`);
}
