import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { at, describeEventStore, runEvent, snapshot } from './event-store-suite';
import { EVENTS_FILE, openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-events-'));
}

const quietLog = () => createLogger({ write: () => undefined });

describeEventStore('SQLite', {
  newPlace: async () => path.join(tempDir(), 'data'),
  open: async (dataDir, { now }) => openSqliteEventStore({ dataDir, log: quietLog(), now, pruneIntervalMs: 0 }),
});

describe('SQLite event store file', () => {
  const opened: SqliteEventStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  function open(dataDir: string, logs: string[] = []) {
    const store = openSqliteEventStore({ dataDir, log: createLogger({ write: (line) => logs.push(line) }), now: () => new Date(at(0)), pruneIntervalMs: 0 });
    opened.push(store);
    return store;
  }

  it('lives in events.sqlite in the data dir, readable only by its owner', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const store = open(dataDir);
    await store.ingest([runEvent('evt_1', 'trun_a', 'running', 1)], 'webhook');
    expect(store.file).toBe(path.join(dataDir, EVENTS_FILE));
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(store.file + suffix)) expect(fs.statSync(store.file + suffix).mode & 0o777).toBe(0o600);
    }
  });

  it('starts the catch-up from the beginning when its stored state is unreadable, and says so', async () => {
    const dataDir = tempDir();
    const store = open(dataDir);
    await store.setCatchUpState({
      watermark: at(5),
      idsAtWatermark: ['evt_5'],
      backfill: { state: 'done', startedAt: at(0), finishedAt: at(1), oldestReached: at(0), eventsIngested: 5 },
    });
    await store.close();

    const outside = new Database(path.join(dataDir, EVENTS_FILE));
    outside.prepare('UPDATE catch_up_state SET state = ?').run('{"watermark": 42');
    outside.close();

    const logs: string[] = [];
    const reopened = open(dataDir, logs);
    expect(await reopened.getCatchUpState()).toMatchObject({ watermark: null, backfill: { state: 'not_started' } });
    expect(logs.join('\n')).toMatch(/catch-up state unreadable/);
  });

  it('answers a read that repeats one the index took in unchanged from memory, without reading the file', async () => {
    const dataDir = tempDir();
    const store = open(dataDir);
    const read = snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(5), errors: [] });
    expect(await store.upsertRuns([read])).toEqual(['trun_a']);
    expect(await store.upsertRuns([read])).toEqual([]);

    // This process is the file's only writer; a row changed behind its back shows the read was not compared again.
    const outside = new Database(path.join(dataDir, EVENTS_FILE));
    outside.prepare("UPDATE runs SET status = 'queued', upstream_status = 'queued' WHERE run_id = ?").run('trun_a');
    outside.close();
    expect(await store.upsertRuns([{ ...read }])).toEqual([]);
    expect((await store.getRun('trun_a'))?.status).toBe('queued');
    // Any other snapshot of the run is compared with the file as always.
    expect(await store.upsertRuns([{ ...read, runtimeMs: 5_000 }])).toEqual(['trun_a']);
    expect(await store.getRun('trun_a')).toMatchObject({ status: 'running', runtimeMs: 5_000 });
  });

  it('fails a read after close as it fails any write, however often the read came before', async () => {
    const store = open(tempDir());
    const read = snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(5), errors: [] });
    await store.upsertRuns([read]);
    await store.upsertRuns([read]);
    await store.close();
    await expect(store.upsertRuns([read])).rejects.toThrow(/not open/);
  });

  it('moves a damaged file aside and starts a new one', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, EVENTS_FILE), 'not a database at all, just text that is long enough to be read as a header');
    const logs: string[] = [];
    const store = open(dataDir, logs);
    expect(await store.ingest([runEvent('evt_1', 'trun_a', 'queued', 0)], 'catch_up')).toMatchObject({ inserted: 1 });
    expect(fs.readdirSync(dataDir).some((name) => name.startsWith(`${EVENTS_FILE}.corrupt-`))).toBe(true);
    expect(logs.join('\n')).toMatch(/moving it aside/);
  });
});
