import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isUnreadableRunRow, requestLookupResponseSchema, runListResponseSchema, runResponseSchema, timelineResponseSchema, type RunRow } from '@/contract/bff';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createApp, type RunwatchApp } from '../app';
import { ROLES, type Principal, type Role } from '../http/principal';
import { loadConfig } from '../config';
import { CatchUpReader } from '../events/catch-up-reader';
import { EventIntake } from '../events/event-intake';
import { createLogger } from '../logger';
import { openObservationStore, type ObservationStore } from '../store/observation-store';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { CANARY_KEY } from '../testing/canary';
import { simulatorControl } from '../testing/simulator-control';
import { RequestBudget } from '../upstream/request-budget';
import { createUpstreamClient } from '../upstream/upstream-client';
import { expectApiError } from '../testing/api-envelope';

/**
 * The read path on the event store, over HTTP: a real simulator holding runs that finished before
 * Runwatch started, a real SQLite event store filled by the real catch-up reader, and Runwatch on
 * loopback. Upstream calls are counted in the simulator's request log.
 */

interface Started {
  url: string;
  app: RunwatchApp;
  logs: string[];
  events: SqliteEventStore;
  store: ObservationStore;
  close(): Promise<void>;
}

function testAuthenticate(c: Context): Promise<Principal | null> {
  const role = c.req.header('x-test-role') ?? 'viewer';
  if (!(ROLES as readonly string[]).includes(role)) return Promise.resolve(null);
  return Promise.resolve({ userId: `u_${role}`, name: `${role}-person`, role: role as Role, via: 'session' });
}

async function startRunwatch(
  sim: StartedSimulator,
  options: { followEvents?: boolean; reconcileIntervalMs?: number; dataDir?: string } = {},
): Promise<Started> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-index-'));
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = loadConfig({
    TASK_API_URL: sim.baseUrl,
    TASK_API_KEY: CANARY_KEY,
    RUNWATCH_DATA_DIR: dataDir,
    PORT: '0',
    RUNWATCH_EVENTS_INTERVAL_MS: '200',
  });
  const store = openObservationStore({ dataDir, log, checkIntervalMs: 0 });
  const events = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
  const upstream = createUpstreamClient({
    baseUrl: sim.baseUrl,
    apiKey: CANARY_KEY,
    log,
    budget: new RequestBudget({ limit: 10_000, burst: 2_000 }),
    attemptTimeoutMs: 1_000,
    readDeadlineMs: 4_000,
    retryBaseDelayMs: 20,
  });
  const intake = new EventIntake({ store: events, log });
  const catchUp = new CatchUpReader({ upstream, store: events, intake, log, intervalMs: config.events.intervalMs });
  const runwatch = createApp({
    config,
    log,
    upstream,
    store,
    authenticate: testAuthenticate,
    audit: { record: () => undefined },
    events,
    intake,
    catchUp,
    // Only an event can end an active run's reuse window here; no reconcile read during a test.
    cache: { activeTtlWithEventsMs: 10 * 60_000, reconcileIntervalMs: options.reconcileIntervalMs ?? 60 * 60_000 },
  });
  if (options.followEvents ?? true) catchUp.start();
  const server = serve({ fetch: runwatch.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app: runwatch,
    logs,
    events,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      runwatch.close();
      await catchUp.stop();
      await events.close();
      await store.close();
      // A directory the caller passed in is reused (a restart); only our own goes.
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let sim: StartedSimulator;
let rw: Started;
const runs: Record<string, UpstreamTaskRun> = {};

async function get(pathname: string, viewer = 'viewer', on: Started = rw) {
  const response = await fetch(on.url + pathname, { headers: { 'x-test-role': 'viewer', 'x-viewer': viewer } });
  return { status: response.status, json: (await response.json()) as unknown };
}

async function list(query = '', on: Started = rw) {
  const response = await get(`/api/runs${query}`, 'viewer', on);
  expect(response.status).toBe(200);
  return runListResponseSchema.parse(response.json);
}

const rowsOf = (items: ReturnType<typeof runListResponseSchema.parse>['runs']) => items.filter((item): item is RunRow => !isUnreadableRunRow(item));

async function upstreamRequests(): Promise<Array<{ method: string; path: string }>> {
  return (await simulatorControl<{ requests: Array<{ method: string; path: string }> }>(sim.origin, 'stats', undefined, 'GET')).requests;
}

const control = <T>(pathname: string, body?: unknown) => simulatorControl<T>(sim.origin, pathname, body);

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  // Runs that ran to completion before Runwatch started, and one still going.
  for (const [name, scenario] of [
    ['first', 'success'],
    ['second', 'success'],
    ['failed', 'fail_auth_invalid'],
    ['third', 'success'],
  ] as const) {
    runs[name] = await control<UpstreamTaskRun>('scenarios', { scenario });
    await control('clock/advance', { ms: 10 * 60_000 });
  }
  runs.live = await control<UpstreamTaskRun>('scenarios', { scenario: 'long_running' });
  await control('clock/advance', { ms: 20_000 });
  rw = await startRunwatch(sim);
  // The first list view starts the back-fill from the upstream list (skipped when the events already
  // cover the window); the events fill the index too.
  await list();
  await vi.waitFor(() => expect(rw.logs.some((line) => /run back-fill from the upstream list (done|skipped)/.test(line))).toBe(true), { timeout: 10_000 });
  await vi.waitFor(async () => expect((await list()).counts).toBeDefined(), { timeout: 10_000 });
}, 60_000);

afterAll(async () => {
  await rw?.close();
  await sim?.close();
});

describe('the runs list from the run index', () => {
  it('lists every run with counts by status, and viewers polling it cost no upstream list call', async () => {
    await control('stats/reset', {});
    const polls = await Promise.all(Array.from({ length: 30 }, (_, i) => get('/api/runs', `viewer-${i % 10}`)));
    expect(polls.every((poll) => poll.status === 200)).toBe(true);
    const listCalls = (await upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith('/task-runs'));
    expect(listCalls).toEqual([]);

    const page = runListResponseSchema.parse(polls[0]!.json);
    const ids = rowsOf(page.runs).map((row) => row.id);
    expect(new Set(ids)).toEqual(new Set(Object.values(runs).map((run) => run.id)));
    // Newest created first.
    expect(ids[0]).toBe(runs.live!.id);
    expect(page.counts).toEqual({ completed: 3, failed: 1, running: 1 });
    expect(page.freshness.stale).toBe(false);
  });

  it('applies filters and counts within them', async () => {
    const completed = await list('?status=completed');
    expect(
      rowsOf(completed.runs)
        .map((row) => row.id)
        .sort(),
    ).toEqual([runs.first!.id, runs.second!.id, runs.third!.id].sort());
    expect(completed.counts).toEqual({ completed: 3 });

    const failures = await list('?outcome=failure');
    expect(rowsOf(failures.runs).map((row) => row.id)).toEqual([runs.failed!.id]);

    const byTask = await list(`?task_id=${runs.first!.task_id}`);
    expect(rowsOf(byTask.runs).every((row) => row.taskId === runs.first!.task_id)).toBe(true);
    expect(rowsOf(byTask.runs).map((row) => row.id)).toContain(runs.first!.id);
  });

  it('pages with its own cursor through every run once, and refuses a cursor it did not issue', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...rowsOf(page.runs).map((row) => row.id));
      cursor = page.nextCursor;
      expect(page.hasMore).toBe(cursor !== null);
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const refused = await get('/api/runs?cursor=ix.not-a-cursor-of-ours');
    await expectApiError({ status: refused.status, json: () => refused.json }, { status: 400, code: 'invalid_cursor' });
  });

  it('shows on a row what a read of the run told (error code and message), and the index keeps the code', async () => {
    const before = rowsOf((await list('?outcome=failure')).runs)[0]!;
    expect(before.status).toBe('failed');
    const read = await get(`/api/runs/${runs.failed!.id}`);
    const view = runResponseSchema.parse(read.json).run;
    const code = view.errors[0]!.code;
    expect(code).toBeTruthy();

    const after = rowsOf((await list('?outcome=failure')).runs)[0]!;
    expect(after.errors[0]).toMatchObject({ code, message: view.errors[0]!.message });
    await vi.waitFor(async () => expect((await rw.events.getRun(runs.failed!.id))?.errorCodes).toEqual([code]));
  });
});

describe('timelines from the events', () => {
  it('gives a run nobody watched its full history from the event log, from creation on', async () => {
    const response = await get(`/api/runs/${runs.second!.id}/timeline`);
    const timeline = timelineResponseSchema.parse(response.json);
    // The first list view (before the index covered the window) saw it finished; the events tell the rest.
    expect(timeline.historyFrom).toBe('events');
    expect(timeline.entries[0]).toMatchObject({ status: 'queued', source: 'event' });
    expect(timeline.entries.at(-1)).toMatchObject({ status: 'completed', result: 'success', source: 'event' });
    expect(timeline.entries.every((entry) => entry.source === 'event')).toBe(true);
    expect(timeline.entries.length).toBeGreaterThanOrEqual(3);
    expect(Date.parse(timeline.entries[0]!.observedAt)).toBe(Date.parse(runs.second!.created_at));
  });

  it('merges what Runwatch then observes into the same entries, adding the error codes it read', async () => {
    const before = timelineResponseSchema.parse((await get(`/api/runs/${runs.failed!.id}/timeline`)).json);
    await get(`/api/runs/${runs.failed!.id}?include=artifacts`);
    const after = timelineResponseSchema.parse((await get(`/api/runs/${runs.failed!.id}/timeline`)).json);
    expect(after.entries.map((e) => [e.status, e.observedAt, e.source])).toEqual(before.entries.map((e) => [e.status, e.observedAt, e.source]));
    expect(after.firstObservedAt).not.toBeNull();
    expect(after.entries.at(-1)!.errorCodes.length).toBeGreaterThan(0);
  });
});

describe('request ids from the events', () => {
  it('finds the run an event names the request of, after the ids Runwatch saw itself', async () => {
    const runId = runs.third!.id;
    const missing = await get('/api/lookup/request/req_fromtheeventlog1');
    expect(missing.status).toBe(404);
    // An event whose request is named (as the log carries it for the call that created a run).
    await rw.events.ingest(
      [
        {
          id: 'evt_lookuptest0001',
          type: 'task_run.queued',
          createdAt: runs.third!.created_at,
          runId,
          requestId: 'req_fromtheeventlog1',
          run: null,
        },
      ],
      'webhook',
    );
    const found = await get('/api/lookup/request/req_fromtheeventlog1');
    expect(found.status).toBe(200);
    expect(requestLookupResponseSchema.parse(found.json)).toMatchObject({ requestId: 'req_fromtheeventlog1', runId });

    const read = runResponseSchema.parse((await get(`/api/runs/${runs.first!.id}`)).json).run;
    expect(read.upstreamRequestId).toBeTruthy();
    const observed = requestLookupResponseSchema.parse((await get(`/api/lookup/request/${read.upstreamRequestId}`)).json);
    expect(observed.runId).toBe(runs.first!.id);
  });
});

describe('request ids from the simulator’s event log', () => {
  it('resolves the request that created a run Runwatch never read on its own', async () => {
    const creatingRequest = runs.second!.request_id;
    expect(creatingRequest).toMatch(/^req_/);
    const found = await get(`/api/lookup/request/${creatingRequest}`);
    expect(found.status).toBe(200);
    expect(requestLookupResponseSchema.parse(found.json)).toEqual({
      requestId: creatingRequest,
      runId: runs.second!.id,
      observedAt: expect.any(String) as unknown,
    });
  });
});

describe('run reads while events tell changes', () => {
  it('says a kept copy of an active run is current as of the event feed’s last pass, not of its read', async () => {
    const runId = runs.live!.id;
    const first = runResponseSchema.parse((await get(`/api/runs/${runId}`, 'freshness-viewer')).json);
    expect(first.run.status).toBe('running');
    await control('stats/reset', {});
    await vi.waitFor(
      async () => {
        const again = await fetch(`${rw.url}/api/runs/${runId}`, { headers: { 'x-test-role': 'viewer' } });
        expect(again.headers.get('x-cache')).toBe('HIT');
        const body = runResponseSchema.parse(await again.json());
        expect(Date.parse(body.freshness.fetchedAt)).toBeGreaterThan(Date.parse(first.freshness.fetchedAt));
        expect(body.freshness.stale).toBe(false);
      },
      { timeout: 10_000, interval: 300 },
    );
    const reads = (await upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith(`/task-runs/${runId}`));
    expect(reads).toEqual([]);
  });

  it('serves an unchanged run from the cache and fetches once after an event says it changed', async () => {
    const runId = runs.live!.id;
    const first = runResponseSchema.parse((await get(`/api/runs/${runId}`)).json).run;
    expect(first.status).toBe('running');
    await control('stats/reset', {});
    for (let i = 0; i < 10; i++) expect((await get(`/api/runs/${runId}`, `poller-${i}`)).status).toBe(200);
    const readsOf = async () => (await upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith(`/task-runs/${runId}`)).length;
    expect(await readsOf()).toBe(0);

    // The run moves on upstream; only its event can end the (here ten-minute) reuse window.
    await control('clock/advance', { ms: 60 * 60_000 });
    await vi.waitFor(
      async () => {
        const now = runResponseSchema.parse((await get(`/api/runs/${runId}`)).json).run;
        expect(now.status).not.toBe('running');
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(await readsOf()).toBeLessThanOrEqual(3);
  });
});

describe('the run index while the event log is not being read', () => {
  it('is filled from the upstream list, kept current by the reconcile read, and the list says it is stale', async () => {
    const quiet = await startRunwatch(sim, { followEvents: false, reconcileIntervalMs: 300 });
    try {
      // The first view comes from the upstream list and starts the back-fill from it.
      expect((await list('', quiet)).counts).toBeUndefined();
      await vi.waitFor(() => expect(quiet.logs.some((line) => line.includes('run back-fill from the upstream list done'))).toBe(true), { timeout: 10_000 });

      const fromIndex = await list('?limit=100', quiet);
      expect(fromIndex.counts).toBeDefined();
      expect(rowsOf(fromIndex.runs).map((row) => row.id)).toEqual(expect.arrayContaining(Object.values(runs).map((run) => run.id)));
      expect(fromIndex.freshness).toMatchObject({ stale: true, staleReason: 'upstream_unavailable' });

      // A run started now has no event this Runwatch read; the reconcile read of the first page brings it.
      const late = await control<UpstreamTaskRun>('scenarios', { scenario: 'success' });
      await vi.waitFor(async () => expect(rowsOf((await list('?limit=100', quiet)).runs).map((row) => row.id)).toContain(late.id), {
        timeout: 10_000,
        interval: 200,
      });
      expect(await quiet.events.statusHistory(late.id)).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('closing the app', () => {
  it('stops the reconcile loop of the run index: no upstream list read after close()', async () => {
    const closing = await startRunwatch(sim, { followEvents: false, reconcileIntervalMs: 50 });
    const listCalls = async () => (await upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith('/task-runs'));
    try {
      await list('', closing);
      await vi.waitFor(() => expect(closing.logs.some((line) => line.includes('run back-fill from the upstream list done'))).toBe(true), { timeout: 10_000 });
      await control('stats/reset', {});
      // The loop is running: reconcile reads keep coming.
      await vi.waitFor(async () => expect((await listCalls()).length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 50 });

      closing.app.close();
      // A read already under way may still land; none may start after it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await control('stats/reset', {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await listCalls()).toEqual([]);
    } finally {
      await closing.close();
    }
  });
});

describe('a restart whose events already cover the window', () => {
  it('serves its first list from the index without paging the upstream list again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-index-restart-'));
    try {
      const before = await startRunwatch(sim, { dataDir });
      await vi.waitFor(async () => expect((await before.events.getCatchUpState()).backfill.state).toBe('done'), { timeout: 10_000 });
      await before.close();

      const after = await startRunwatch(sim, { dataDir });
      try {
        await control('stats/reset', {});
        const first = await list('?limit=100', after);
        expect(first.counts).toBeDefined();
        expect(rowsOf(first.runs).map((row) => row.id)).toEqual(expect.arrayContaining(Object.values(runs).map((run) => run.id)));
        expect(after.logs.some((line) => line.includes('run back-fill from the upstream list skipped'))).toBe(true);
        const listCalls = (await upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith('/task-runs'));
        expect(listCalls).toEqual([]);

        // An index that cannot answer (its database gone) costs the list nothing: it comes from the upstream.
        await after.events.close();
        const fallback = await list('?limit=100', after);
        expect(fallback.counts).toBeUndefined();
        expect(rowsOf(fallback.runs).map((row) => row.id)).toEqual(expect.arrayContaining(Object.values(runs).map((run) => run.id)));
        expect(after.logs.some((line) => line.includes('the run index could not serve the list'))).toBe(true);
      } finally {
        await after.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
