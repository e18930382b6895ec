import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema, timelineResponseSchema } from '@/contract/bff';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createLogger } from '../logger';
import { CANARY_KEY } from '../testing/canary';
import { startHarness } from '../testing/runwatch-harness';
import { OBSERVATIONS_FILE, openObservationStore, type SqliteObservationStore } from './observation-store';
import { describeObservationStore, observation } from './observation-store-suite';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-obs-'));
}

describeObservationStore('SQLite', {
  newPlace: async () => tempDir(),
  open: async (dataDir, logs) => openObservationStore({ dataDir, log: createLogger({ write: (line) => logs.push(line) }), checkIntervalMs: 0 }),
  storedRequestIds: async (dataDir) => {
    const outside = new Database(path.join(dataDir, OBSERVATIONS_FILE), { readonly: true });
    try {
      return (outside.prepare('SELECT count(*) AS n FROM request_ids').get() as { n: number }).n;
    } finally {
      outside.close();
    }
  },
});

describe('SQLite observation file', () => {
  const open: SqliteObservationStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
  });

  function openStore(dataDir: string, logs: string[] = []) {
    const store = openObservationStore({ dataDir, log: createLogger({ write: (line) => logs.push(line) }), checkIntervalMs: 0 });
    open.push(store);
    return store;
  }

  it('keeps the newest readable update time of a run in its row', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.recordRun(observation({ status: 'completed', upstreamStatus: 'completed', result: 'success', upstreamUpdatedAt: '2026-03-02T10:00:10Z' }));
    store.recordRun(observation({ status: 'canceled', upstreamStatus: 'canceled', upstreamUpdatedAt: null }));
    store.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
    await store.close();
    const outside = new Database(path.join(dir, OBSERVATIONS_FILE), { readonly: true });
    try {
      expect(outside.prepare('SELECT upstream_updated_at FROM runs WHERE run_id = ?').get('trun_store1')).toEqual({
        upstream_updated_at: '2026-03-02T10:00:10Z',
      });
      expect(outside.prepare('SELECT count(*) AS n FROM status_observations').get()).toEqual({ n: 2 });
    } finally {
      outside.close();
    }
  });

  it('recreates a corrupted database file with a clear log line', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, OBSERVATIONS_FILE), 'this is not a database'.repeat(500));
    const logs: string[] = [];
    const store = openStore(dir, logs);
    expect(logs.some((line) => line.includes('database unreadable; moving it aside'))).toBe(true);
    expect(fs.readdirSync(dir).some((name) => name.startsWith(`${OBSERVATIONS_FILE}.corrupt-`))).toBe(true);
    store.recordRun(observation());
    expect((await store.timeline('trun_store1')).entries).toHaveLength(1);
  });

  it('starts a new file when the database is deleted while running', async () => {
    const dir = tempDir();
    const logs: string[] = [];
    const store = openStore(dir, logs);
    store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued' }));
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, OBSERVATIONS_FILE + suffix), { force: true });

    store.checkFile();
    expect(logs.some((line) => line.includes('observations database file disappeared'))).toBe(true);
    expect(fs.existsSync(path.join(dir, OBSERVATIONS_FILE))).toBe(true);
    store.recordRun(observation());
    expect((await store.timeline('trun_store1')).entries.map((e) => e.status)).toEqual(['running']);
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
