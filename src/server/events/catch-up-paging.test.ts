import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createLogger } from '../logger';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { CANARY_KEY } from '../testing/canary';
import { simulatorControl } from '../testing/simulator-control';
import { RequestBudget } from '../upstream/request-budget';
import { createUpstreamClient } from '../upstream/upstream-client';
import { CatchUpReader, type CatchUpReaderOptions } from './catch-up-reader';
import { EventIntake } from './event-intake';

/**
 * The catch-up reader's paging with small limits, so a few hundred events exercise what takes tens
 * of thousands in production: back-fill progress lines, and a gap larger than one pass holds (a
 * long outage). Real parts throughout: the simulator over HTTP, the upstream client, a SQLite file.
 */

async function makeRuns(sim: StartedSimulator, count: number): Promise<void> {
  for (let made = 0; made < count; made += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - made) }, () => simulatorControl(sim.origin, 'scenarios', { scenario: 'success' })));
    await simulatorControl(sim.origin, 'clock/advance', { ms: 1_000 });
  }
  await simulatorControl(sim.origin, 'clock/advance', { ms: 10 * 60_000 });
}

async function simulatorEvents(sim: StartedSimulator): Promise<Array<{ id: string; created_at: string }>> {
  const events: Array<{ id: string; created_at: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const query = new URLSearchParams({ type: 'task_run.*', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`${sim.baseUrl}/events?${query}`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
    const body = (await response.json()) as { data: Array<{ id: string; created_at: string }>; next_cursor: string | null };
    events.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return events;
  }
  throw new Error('the simulator log did not end within 200 pages');
}

function storedIds(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT event_id FROM events').all() as Array<{ event_id: string }>).map((row) => row.event_id).sort();
  } finally {
    db.close();
  }
}

async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('catch-up paging', () => {
  let sim: StartedSimulator;
  let dataDir: string;
  let store: SqliteEventStore;
  const logs: string[] = [];
  const log = createLogger({ level: 'info', write: (line) => logs.push(line) });
  const upstreamLog = createLogger({ level: 'error', write: () => {} });

  function reader(options: Partial<CatchUpReaderOptions> = {}): CatchUpReader {
    const upstream = createUpstreamClient({
      baseUrl: sim.baseUrl,
      apiKey: CANARY_KEY,
      log: upstreamLog,
      budget: new RequestBudget({ limit: 10_000, burst: 2_000 }),
    });
    return new CatchUpReader({ upstream, store, intake: new EventIntake({ store, log }), log, intervalMs: 100, ...options });
  }

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-paging-'));
    store = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
    await makeRuns(sim, 200);
  });
  afterAll(async () => {
    await store.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs back-fill progress every so many events, and its end', async () => {
    const logged = await simulatorEvents(sim);
    const first = reader({ progressLogEvery: 200, backfillPagesPerSlice: 2 });
    first.start();
    await until(() => first.status().backfill.state === 'done', 'the back-fill');
    await first.stop();
    const lines = logs.map((line) => JSON.parse(line) as { level: string; msg: string }).filter((line) => line.msg.startsWith('event back-fill'));
    const progress = lines.filter((line) => /^event back-fill: [\d,]+ events, reached \d{4}-\d{2}-\d{2}$/.test(line.msg));
    expect(progress.length).toBe(Math.floor(logged.length / 200));
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: `event back-fill done: ${logged.length} events` });
    expect(storedIds(dataDir)).toEqual(logged.map((event) => event.id).sort());
  });

  it('takes in a gap larger than one pass holds, then sets its place at the newest event', async () => {
    // Runwatch is down while 450 more events happen; a pass holds at most 150.
    await makeRuns(sim, 150);
    const logged = await simulatorEvents(sim);
    const second = reader({ maxBufferedEvents: 150 });
    second.start();
    await until(() => storedIds(dataDir).length >= logged.length && second.status().lastPassAt !== null, 'the gap to be read');
    await second.stop();
    expect(storedIds(dataDir)).toEqual(logged.map((event) => event.id).sort());
    const newest = logged
      .map((event) => new Date(event.created_at).toISOString())
      .sort()
      .at(-1);
    expect((await store.getCatchUpState()).watermark).toBe(newest);
  });
});
