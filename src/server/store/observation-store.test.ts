import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema, timelineResponseSchema } from '../../contract/bff';
import { startSimulator, type StartedSimulator } from '../../simulator/start-simulator';
import { createLogger } from '../logger';
import { CANARY_KEY } from '../testing/canary';
import { startHarness } from '../testing/runwatch-harness';
import { OBSERVATIONS_FILE, openObservationStore, type ObservationStore, type RunObservation } from './observation-store';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-obs-'));
}

function observation(overrides: Partial<RunObservation> = {}): RunObservation {
  return {
    runId: 'trun_store1',
    status: 'running',
    upstreamStatus: 'running',
    upstreamUpdatedAt: '2026-03-02T10:00:00Z',
    runtimeMs: 1000,
    result: null,
    errorCodes: [],
    ...overrides,
  };
}

describe('observation store', () => {
  const open: ObservationStore[] = [];
  afterEach(() => {
    for (const store of open.splice(0)) {
      try {
        store.close();
      } catch {
        // already closed by the test
      }
    }
  });

  function openStore(dataDir: string, logs: string[] = []) {
    const store = openObservationStore({ dataDir, log: createLogger({ write: (line) => logs.push(line) }), checkIntervalMs: 0 });
    open.push(store);
    return store;
  }

  it('adds a timeline entry only when the status, result or errors change', () => {
    const store = openStore(tempDir());
    store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', runtimeMs: null }));
    store.recordRun(observation());
    store.recordRun(observation({ runtimeMs: 2000, upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
    store.recordRun(observation({ runtimeMs: 2000, upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
    store.recordRun(observation({ status: 'canceling', upstreamStatus: 'cancelling', upstreamUpdatedAt: '2026-03-02T10:00:06Z' }));
    store.recordRun(observation({ status: 'failed', upstreamStatus: 'failed', result: 'failure', errorCodes: ['auth_invalid'], upstreamUpdatedAt: '2026-03-02T10:00:07Z' }));
    const timeline = store.timeline('trun_store1');
    expect(timeline.entries.map((e) => [e.status, e.upstreamStatus])).toEqual([
      ['queued', 'queued'],
      ['running', 'running'],
      ['canceling', 'cancelling'],
      ['failed', 'failed'],
    ]);
    expect(timeline.entries.at(-1)).toMatchObject({ result: 'failure', errorCodes: ['auth_invalid'] });
    expect(timeline.firstObservedAt).toBe(timeline.entries[0]?.observedAt);
    expect(timelineResponseSchema.parse(timeline)).toEqual(timeline);
  });

  it('keeps statuses it does not recognise in the timeline as null, each one its own entry', () => {
    const store = openStore(tempDir());
    store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', runtimeMs: null, upstreamUpdatedAt: '2026-03-02T10:00:00Z' }));
    store.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy', upstreamUpdatedAt: '2026-03-02T10:00:01Z' }));
    store.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy', upstreamUpdatedAt: '2026-03-02T10:00:02Z', runtimeMs: 1500 }));
    store.recordRun(observation({ status: null, upstreamStatus: 'awaiting_quota', upstreamUpdatedAt: '2026-03-02T10:00:03Z' }));
    store.recordRun(observation({ status: 'completed', upstreamStatus: 'completed', result: 'success', upstreamUpdatedAt: '2026-03-02T10:00:04Z' }));
    const timeline = store.timeline('trun_store1');
    expect(timeline.entries.map((e) => [e.status, e.upstreamStatus])).toEqual([
      ['queued', 'queued'],
      [null, 'paused_by_policy'],
      [null, 'awaiting_quota'],
      ['completed', 'completed'],
    ]);
    expect(timeline.entries.every((e) => e.source === 'observed')).toBe(true);
    expect(timelineResponseSchema.parse(timeline)).toEqual(timeline);
  });

  it('keeps an unrecognised status across a restart', () => {
    const dir = tempDir();
    const first = openStore(dir);
    first.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy' }));
    first.close();
    const again = openStore(dir);
    expect(again.timeline('trun_store1').entries).toMatchObject([{ status: null, upstreamStatus: 'paused_by_policy' }]);
  });

  describe('reads that finish out of order', () => {
    const completed = observation({ status: 'completed', upstreamStatus: 'completed', result: 'success', upstreamUpdatedAt: '2026-03-02T10:00:10Z' });
    const olderRunning = observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' });

    function storedRun(dir: string) {
      const outside = new Database(path.join(dir, OBSERVATIONS_FILE), { readonly: true });
      try {
        return outside.prepare('SELECT upstream_updated_at, runtime_ms FROM runs WHERE run_id = ?').get('trun_store1');
      } finally {
        outside.close();
      }
    }

    it('drops a late reply older than what is stored, yet indexes its request id', () => {
      const dir = tempDir();
      const store = openStore(dir);
      store.recordRun(completed, 'req_newer');
      store.recordRun(olderRunning, 'req_late');
      expect(store.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['completed']);
      expect(store.lookupRequest('req_late')?.runId).toBe('trun_store1');
      store.close();
      expect(storedRun(dir)).toEqual({ upstream_updated_at: '2026-03-02T10:00:10Z', runtime_ms: 1000 });
    });

    it('drops it whether the newer read is still queued, already written, or from before a restart', () => {
      const dir = tempDir();
      const first = openStore(dir);
      first.recordRun(completed);
      first.timeline('trun_store1'); // written
      first.recordRun(olderRunning);
      expect(first.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['completed']);
      first.close();

      // A new process remembers nothing in memory; the file still knows the newest update.
      const second = openStore(dir);
      second.recordRun(olderRunning, 'req_after_restart');
      expect(second.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['completed']);
      expect(second.lookupRequest('req_after_restart')?.runId).toBe('trun_store1');
      second.close();
      expect(storedRun(dir)).toMatchObject({ upstream_updated_at: '2026-03-02T10:00:10Z' });
    });

    it('compares instants, not strings', () => {
      const store = openStore(tempDir());
      store.recordRun(completed);
      // 11:00:05+01:00 is 10:00:05Z: older, though it sorts after as text.
      store.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T11:00:05+01:00' }));
      // 10:00:10.5Z is newer, though it sorts before "10:00:10Z" as text.
      store.recordRun(observation({ status: 'failed', upstreamStatus: 'failed', result: 'failure', upstreamUpdatedAt: '2026-03-02T10:00:10.500Z' }));
      expect(store.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['completed', 'failed']);
    });

    it('never drops a read whose time cannot be read, and keeps comparing with the last readable one', () => {
      const dir = tempDir();
      const store = openStore(dir);
      store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', upstreamUpdatedAt: 'not a time' }));
      store.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
      store.recordRun(completed);
      store.recordRun(observation({ status: 'canceled', upstreamStatus: 'canceled', upstreamUpdatedAt: null }));
      store.recordRun(olderRunning);
      expect(store.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['queued', 'running', 'completed', 'canceled']);
      store.close();
      expect(storedRun(dir)).toMatchObject({ upstream_updated_at: '2026-03-02T10:00:10Z' });
    });
  });

  it('indexes request ids by run', () => {
    const store = openStore(tempDir());
    store.recordRun(observation(), 'req_first');
    store.recordRequestId('req_second', 'trun_store1');
    expect(store.lookupRequest('req_first')).toMatchObject({ requestId: 'req_first', runId: 'trun_store1' });
    expect(store.lookupRequest('req_second')?.runId).toBe('trun_store1');
    expect(store.lookupRequest('req_unknown')).toBeNull();
  });

  it('takes writes off the caller\'s path, yet every read of the store sees them', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.recordRun(observation(), 'req_queued');
    store.recordRequestId('req_queued_too', 'trun_store1');
    const file = path.join(dir, OBSERVATIONS_FILE);
    const outside = new Database(file, { readonly: true });
    try {
      // Nothing is written while the caller is still answering its request…
      expect(outside.prepare('SELECT count(*) AS n FROM request_ids').get()).toEqual({ n: 0 });
      // …but the store itself never answers from behind its own queue.
      expect(store.lookupRequest('req_queued')?.runId).toBe('trun_store1');
      expect(store.timeline('trun_store1').entries).toHaveLength(1);
      expect(outside.prepare('SELECT count(*) AS n FROM request_ids').get()).toEqual({ n: 2 });
    } finally {
      outside.close();
    }
  });

  it('writes what is queued when closed', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.recordRun(observation(), 'req_at_close');
    store.close();
    const outside = new Database(path.join(dir, OBSERVATIONS_FILE), { readonly: true });
    try {
      expect(outside.prepare('SELECT run_id FROM request_ids WHERE request_id = ?').get('req_at_close')).toEqual({ run_id: 'trun_store1' });
      expect(outside.prepare('SELECT count(*) AS n FROM status_observations').get()).toEqual({ n: 1 });
    } finally {
      outside.close();
    }
  });

  it('keeps observations across a reopen', () => {
    const dir = tempDir();
    const first = openStore(dir);
    first.recordRun(observation(), 'req_kept');
    first.close();
    const second = openStore(dir);
    expect(second.timeline('trun_store1').entries).toHaveLength(1);
    expect(second.lookupRequest('req_kept')?.runId).toBe('trun_store1');
    // A status seen again after the restart is not a new transition.
    second.recordRun(observation());
    expect(second.timeline('trun_store1').entries).toHaveLength(1);
  });

  it('recreates a corrupted database file with a clear log line', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, OBSERVATIONS_FILE), 'this is not a database'.repeat(500));
    const logs: string[] = [];
    const store = openStore(dir, logs);
    expect(logs.some((line) => line.includes('database unreadable; moving it aside'))).toBe(true);
    expect(fs.readdirSync(dir).some((name) => name.startsWith(`${OBSERVATIONS_FILE}.corrupt-`))).toBe(true);
    store.recordRun(observation());
    expect(store.timeline('trun_store1').entries).toHaveLength(1);
  });

  it('starts a new file when the database is deleted while running', () => {
    const dir = tempDir();
    const logs: string[] = [];
    const store = openStore(dir, logs);
    store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued' }));
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, OBSERVATIONS_FILE + suffix), { force: true });

    store.checkFile();
    expect(logs.some((line) => line.includes('observations database file disappeared'))).toBe(true);
    expect(fs.existsSync(path.join(dir, OBSERVATIONS_FILE))).toBe(true);
    store.recordRun(observation());
    expect(store.timeline('trun_store1').entries.map((e) => e.status)).toEqual(['running']);
  });

  it('never throws from a failing write', () => {
    const logs: string[] = [];
    const store = openStore(tempDir(), logs);
    store.close();
    expect(() => store.recordRun(observation())).not.toThrow();
    expect(() => store.recordRequestId('req_x', 'trun_store1')).not.toThrow();
    expect(logs.some((line) => line.includes('could not record observation'))).toBe(true);
  });
});

describe('observations over a server restart', () => {
  let sim: StartedSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('serves the same timeline and request ids after Runwatch restarts', async () => {
    const dataDir = tempDir();
    const before = await startHarness({ simulator: sim, dataDir, cache: { activeTtlMs: 0 } });
    const created = await before.createRun('mfa');
    await before.request(`/api/runs/${created.id}`);
    await before.advance(30_000);
    const read = runResponseSchema.parse((await before.request(`/api/runs/${created.id}`)).json());
    const timelineBefore = (await before.request(`/api/runs/${created.id}/timeline`)).json();
    await before.close();

    const after = await startHarness({ simulator: sim, dataDir });
    try {
      const timelineAfter = timelineResponseSchema.parse((await after.request(`/api/runs/${created.id}/timeline`)).json());
      expect(timelineAfter).toEqual(timelineBefore);
      expect(timelineAfter.entries.map((e) => e.status)).toEqual(['queued', 'interaction_required']);
      const lookup = await after.request(`/api/lookup/request/${read.run.upstreamRequestId}`);
      expect(lookup.status).toBe(200);
      expect(after.leaks()).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('starts cleanly on a corrupted database file and keeps serving', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, OBSERVATIONS_FILE), Buffer.alloc(8192, 0xab));
    const h = await startHarness({ simulator: sim, dataDir });
    try {
      expect(h.logs.some((line) => line.includes('database unreadable'))).toBe(true);
      const created = await h.createRun('long_running');
      expect((await h.request(`/api/runs/${created.id}`)).status).toBe(200);
      const timeline = timelineResponseSchema.parse((await h.request(`/api/runs/${created.id}/timeline`)).json());
      expect(timeline.entries).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
